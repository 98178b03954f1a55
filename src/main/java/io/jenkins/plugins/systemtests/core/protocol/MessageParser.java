package io.jenkins.plugins.systemtests.core.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a message body into a {@link Message}, or refuses it saying which field is wrong and where, for example
 * {@code master_scenario.scenarios[1].tests[0].file_name: missing}. Unknown fields are ignored so that newer machines
 * can send more; the fields of {@code ../shared/protocol/} are accepted verbatim.
 */
public final class MessageParser {
    public static final int MAX_MACHINE_NAME = 200;
    public static final int MAX_FILE_NAME = 1024;
    public static final int MAX_FILE_PATH = 4096;
    public static final int MAX_BUILD_URL = 2048;
    public static final int MAX_REASON = 1000;
    public static final int MAX_SCENARIOS = 10_000;
    public static final int MAX_TESTS = 100_000;
    /** Scripts longer than this many characters are kept cut, and marked so. */
    public static final int SCRIPT_CAP = 256 * 1024;

    /** In the order of the protocol's README. */

    /** Most messages in one batch ({@code POST api/v1/events}). */
    public static final int MAX_BATCH = 1000;

    public Message parse(MessageKind kind, byte[] body) throws RejectedException {
        return parseObject(kind, readTree(body));
    }

    /** A message already read as JSON (one element of a batch): checked exactly as a body of its own. */
    public Message parse(MessageKind kind, JsonNode root) throws RejectedException {
        if (!root.isObject()) {
            throw new RejectedException(ErrorCode.INVALID_FIELD, "A message must be a JSON object, not " + typeName(root));
        }
        return parseObject(kind, root);
    }

    private Message parseObject(MessageKind kind, JsonNode root) throws RejectedException {
        return switch (kind) {
            case DRY_RUN -> dryRun(root);
            case TEST_START -> testStart(root);
            case TEST_STOP -> testStop(root);
        };
    }

    /**
     * A batch body: a JSON array of the protocol's messages, at most {@link #MAX_BATCH}. Each element's kind is told
     * by its fields ({@link #kindOf}); the elements are checked one by one when applied.
     */
    public static List<JsonNode> readBatch(byte[] body) throws RejectedException {
        JsonNode root = readJson(body);
        if (!root.isArray()) {
            throw new RejectedException(ErrorCode.INVALID_FIELD,
                    "The body must be a JSON array of messages, not " + typeName(root));
        }
        if (root.size() > MAX_BATCH) {
            throw new RejectedException(ErrorCode.INVALID_REQUEST,
                    "A batch holds at most " + MAX_BATCH + " messages, not " + root.size() + "; send it in parts");
        }
        List<JsonNode> messages = new ArrayList<>(root.size());
        root.forEach(messages::add);
        return messages;
    }

    /**
     * The kind of a message told by its fields, as the protocol's messages differ: a DRY RUN has
     * {@code master_scenario}, a TEST START {@code timestamp_start}, a TEST STOP {@code timestamp_stop}.
     */
    public static java.util.Optional<MessageKind> kindOf(JsonNode message) {
        if (message == null || !message.isObject()) {
            return java.util.Optional.empty();
        }
        boolean plan = message.has("master_scenario");
        boolean start = message.has("timestamp_start");
        boolean stop = message.has("timestamp_stop");
        if ((plan ? 1 : 0) + (start ? 1 : 0) + (stop ? 1 : 0) != 1) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(plan ? MessageKind.DRY_RUN : start ? MessageKind.TEST_START : MessageKind.TEST_STOP);
    }

    private static JsonNode readTree(byte[] body) throws RejectedException {
        JsonNode root = readJson(body);
        if (!root.isObject()) {
            throw new RejectedException(ErrorCode.INVALID_FIELD,
                    "The body must be a JSON object, not " + typeName(root));
        }
        return root;
    }

    private static JsonNode readJson(byte[] body) throws RejectedException {
        return JsonBodies.read(body);
    }

    private DryRun dryRun(JsonNode root) throws RejectedException {
        String machine = machineName(root);
        LocalDateTime timestamp = timestamp(root, "timestamp", "");
        JsonNode master = object(root, "master_scenario", "");
        ScriptRef masterScript = script(master, "master_scenario.");
        JsonNode scenarios = array(master, "scenarios", "master_scenario.");
        if (scenarios.size() > MAX_SCENARIOS) {
            throw invalid("master_scenario.scenarios", "more than " + MAX_SCENARIOS + " scenarios");
        }
        List<ScenarioPlan> plans = new ArrayList<>(scenarios.size());
        int testCount = 0;
        for (int s = 0; s < scenarios.size(); s++) {
            String where = "master_scenario.scenarios[" + s + "]";
            JsonNode scenario = scenarios.get(s);
            requireObject(scenario, where);
            ScriptRef scenarioScript = script(scenario, where + ".");
            JsonNode tests = array(scenario, "tests", where + ".");
            testCount += tests.size();
            if (testCount > MAX_TESTS) {
                throw invalid(where + ".tests", "the plan has more than " + MAX_TESTS + " tests");
            }
            List<ScriptRef> testScripts = new ArrayList<>(tests.size());
            for (int t = 0; t < tests.size(); t++) {
                String testWhere = where + ".tests[" + t + "]";
                requireObject(tests.get(t), testWhere);
                testScripts.add(script(tests.get(t), testWhere + "."));
            }
            plans.add(new ScenarioPlan(scenarioScript, testScripts));
        }
        String buildUrl = optionalText(root, "build_url", "", MAX_BUILD_URL);
        return new DryRun(machine, timestamp, masterScript, plans, buildUrl,
                optionalText(root, "environment", "", MAX_MACHINE_NAME), optionalText(root, "started_by", "", MAX_MACHINE_NAME));
    }

    private TestStart testStart(JsonNode root) throws RejectedException {
        return new TestStart(machineName(root), filePath(root, ""), fileName(root, ""),
                timestamp(root, "timestamp_start", ""), optionalText(root, "build_url", "", MAX_BUILD_URL));
    }

    private TestStop testStop(JsonNode root) throws RejectedException {
        String machine = machineName(root);
        String path = filePath(root, "");
        String name = fileName(root, "");
        String statusText = text(root, "status", "", 50).toLowerCase(Locale.ROOT);
        TestStatus status = TestStatus.fromWireName(statusText).filter(TestStatus::isFinal)
                .orElseThrow(() -> invalid("status", "must be one of " + TestStatus.finalWireNames() + ", not '" + statusText + "'"));
        return new TestStop(machine, path, name, status, timestamp(root, "timestamp_stop", ""),
                optionalText(root, "build_url", "", MAX_BUILD_URL), reason(root), retry(root));
    }

    /** The optional {@code retry}: true when the test runs again at once after this attempt. */
    private static boolean retry(JsonNode root) throws RejectedException {
        JsonNode value = root.get("retry");
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw invalid("retry", "must be true or false, not " + typeName(value));
        }
        return value.booleanValue();
    }

    /**
     * The optional {@code reason}: descriptive text, so it is tidied rather than refused (a refused STOP would lose
     * the test's outcome): runs of white space and control characters become one space, and it is cut to {@link #MAX_REASON} characters.
     */
    private static String reason(JsonNode root) throws RejectedException {
        JsonNode value = root.get("reason");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid("reason", "must be a string, not " + typeName(value));
        }
        String text = value.textValue().replaceAll("[\\s\\p{Cntrl}]+", " ").strip();
        if (text.length() > MAX_REASON) {
            int end = Character.isHighSurrogate(text.charAt(MAX_REASON - 2)) ? MAX_REASON - 2 : MAX_REASON - 1;
            text = text.substring(0, end) + "\u2026";
        }
        return text.isEmpty() ? null : text;
    }

    private static ScriptRef script(JsonNode node, String where) throws RejectedException {
        String path = filePath(node, where);
        String name = fileName(node, where);
        String script = "";
        JsonNode scriptNode = node.get("script");
        if (scriptNode != null && !scriptNode.isNull()) {
            if (!scriptNode.isTextual()) {
                throw invalid(where + "script", "must be a string, not " + typeName(scriptNode));
            }
            script = scriptNode.textValue();
        }
        boolean truncated = script.length() > SCRIPT_CAP;
        return new ScriptRef(path, name, truncated ? script.substring(0, SCRIPT_CAP) : script, truncated);
    }

    private static String machineName(JsonNode root) throws RejectedException {
        String name = text(root, "machine_name", "", MAX_MACHINE_NAME);
        if (name.isBlank()) {
            throw invalid("machine_name", "must not be blank");
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            throw invalid("machine_name", "must not contain '/' or '\\'");
        }
        return name;
    }

    private static String fileName(JsonNode node, String where) throws RejectedException {
        String name = text(node, "file_name", where, MAX_FILE_NAME);
        if (name.isBlank()) {
            throw invalid(where + "file_name", "must not be blank");
        }
        return name;
    }

    private static String filePath(JsonNode node, String where) throws RejectedException {
        return text(node, "file_path", where, MAX_FILE_PATH);
    }

    private static LocalDateTime timestamp(JsonNode node, String field, String where) throws RejectedException {
        String text = text(node, field, where, 40);
        return ProtocolTimestamp.parse(text).orElseThrow(() -> new RejectedException(ErrorCode.INVALID_TIMESTAMP,
                where + field + ": '" + text + "' is not a timestamp like 2018-12-30 13:01:57.461401"));
    }

    private static String text(JsonNode node, String field, String where, int maxLength) throws RejectedException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw invalid(where + field, "missing");
        }
        if (!value.isTextual()) {
            throw invalid(where + field, "must be a string, not " + typeName(value));
        }
        return checkedText(value.textValue(), where + field, maxLength);
    }

    private static String optionalText(JsonNode node, String field, String where, int maxLength)
            throws RejectedException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(where + field, "must be a string, not " + typeName(value));
        }
        return checkedText(value.textValue(), where + field, maxLength);
    }

    private static String checkedText(String text, String where, int maxLength) throws RejectedException {
        if (text.length() > maxLength) {
            throw invalid(where, "longer than " + maxLength + " characters");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c) && !validSurrogateAt(text, i)) {
                throw invalid(where, "contains a control character or broken unicode at position " + i);
            }
            if (Character.isHighSurrogate(c)) {
                i++;
            }
        }
        return text;
    }

    private static boolean validSurrogateAt(String text, int i) {
        return Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length()
                && Character.isLowSurrogate(text.charAt(i + 1));
    }

    private static JsonNode object(JsonNode node, String field, String where) throws RejectedException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw invalid(where + field, "missing");
        }
        requireObject(value, where + field);
        return value;
    }

    private static void requireObject(JsonNode value, String where) throws RejectedException {
        if (!value.isObject()) {
            throw invalid(where, "must be an object, not " + typeName(value));
        }
    }

    private static JsonNode array(JsonNode node, String field, String where) throws RejectedException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw invalid(where + field, "missing");
        }
        if (!value.isArray()) {
            throw invalid(where + field, "must be an array, not " + typeName(value));
        }
        return value;
    }

    private static String typeName(JsonNode node) {
        JsonNodeType type = node.getNodeType();
        return switch (type) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case STRING -> "a string";
            case NULL -> "null";
            default -> type.name().toLowerCase(Locale.ROOT);
        };
    }

    private static RejectedException invalid(String where, String problem) {
        return new RejectedException(ErrorCode.INVALID_FIELD, where + ": " + problem);
    }
}
