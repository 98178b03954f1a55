package io.jenkins.plugins.systemtests.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.systemtests.core.api.ApiResponse;
import io.jenkins.plugins.systemtests.core.config.Settings;
import io.jenkins.plugins.systemtests.core.ingest.IngestionService;
import io.jenkins.plugins.systemtests.core.library.LibraryApi;
import io.jenkins.plugins.systemtests.core.library.TestLibrary;
import io.jenkins.plugins.systemtests.core.machines.TestMachinesApi;
import io.jenkins.plugins.systemtests.core.store.RunLocator;
import io.jenkins.plugins.systemtests.core.store.RunStore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed bodies posted to every endpoint that reads one (the three reports, a batch, the library's upload and
 * delete, a new test machine) are answered with a short message of our own naming the field or the line and column,
 * never with the JSON parser's internals: its class names, features, "Source: REDACTED", reference chains or a stack.
 */
class MalformedBodyAnswersTest {
    /** What must never reach a client: the parser's words, Java names, stack frames. */
    private static final Pattern INTERNALS = Pattern.compile("(?i)source:|redacted|jackson|fasterxml|reference chain|"
            + "com\\.|java\\.|exception|streamread|jsonnode|feature|`|\\(code \\d+\\)|\\bat [\\w$.]+\\(|token \\(");
    private static final int SHORT = 300;

    @TempDir
    Path home;

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String prefix, int... raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(prefix));
        for (int b : raw) {
            out.write(b);
        }
        return out.toByteArray();
    }

    /** Truncated, wrong types, huge numbers, invalid UTF-8, nested garbage. */
    private static Map<String, byte[]> malformed() {
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("truncated object", utf8("{\"machine_name\": \"m\", \"file_path\": \"/t\""));
        bodies.put("truncated string", utf8("{\"machine_name\": \"m"));
        bodies.put("truncated array", utf8("[{\"machine_name\": \"m\"}, "));
        bodies.put("empty", new byte[0]);
        bodies.put("white space", utf8("  \n "));
        bodies.put("wrong types", utf8("{\"machine_name\": 5, \"file_path\": [], \"file_name\": {}, \"timestamp_start\": true}"));
        bodies.put("wrong root", utf8("\"just a string\""));
        bodies.put("plan of wrong types", utf8("{\"machine_name\": \"m\", \"timestamp\": \"2018-12-30 13:01:57.461401\", "
                + "\"master_scenario\": {\"file_path\": \"/\", \"file_name\": \"m.py\", \"scenarios\": [[1]]}}"));
        bodies.put("huge integer", utf8("{\"machine_name\": " + "9".repeat(500) + "}"));
        bodies.put("huge exponent", utf8("{\"machine_name\": 1e999999999}"));
        bodies.put("huge number in an array", utf8("[" + "1".repeat(150) + "]"));
        bodies.put("invalid UTF-8 start byte", bytes("{\"machine_name\": \"", 0xff, '"', '}'));
        bodies.put("invalid UTF-8 middle byte", bytes("{\"machine_name\": \"", 0xc3, '(', '"', '}'));
        bodies.put("invalid UTF-8 outside strings", bytes("{", 0xfe, 0xfe, "}".charAt(0)));
        bodies.put("nested too deep", utf8("[".repeat(200) + "]".repeat(200)));
        bodies.put("nested garbage", utf8("{\"a\": {\"b\": [[[{\"c\": }]]]}}"));
        bodies.put("unclosed bracket", utf8("{\"a\": [}"));
        bodies.put("close without open", utf8("]"));
        bodies.put("two values", utf8("{} {}"));
        bodies.put("trailing garbage", utf8("{\"machine_name\": \"m\"} trailing"));
        bodies.put("duplicate field", utf8("{\"machine_name\": \"a\", \"machine_name\": \"b\"}"));
        bodies.put("long duplicate field", utf8("{\"" + "k".repeat(5000) + "\": 1, \"" + "k".repeat(5000) + "\": 2}"));
        bodies.put("single quotes", utf8("{'machine_name': 'm'}"));
        bodies.put("unquoted name", utf8("{machine_name: 1}"));
        bodies.put("NaN", utf8("{\"machine_name\": NaN}"));
        bodies.put("bad word", utf8("{\"machine_name\": nul}"));
        bodies.put("leading zero", utf8("{\"machine_name\": 012}"));
        bodies.put("control character in a string", utf8("{\"machine_name\": \"a\u0001b\"}"));
        bodies.put("bad escape", utf8("{\"machine_name\": \"\\q\"}"));
        bodies.put("bad unicode escape", utf8("{\"machine_name\": \"\\u12\"}"));
        bodies.put("NUL bytes", utf8("\u0000\u0001garbage"));
        bodies.put("missing colon", utf8("{\"machine_name\" \"m\"}"));
        bodies.put("missing comma", utf8("{\"machine_name\": \"m\" \"file_path\": \"/\"}"));
        bodies.put("trailing comma", utf8("{\"machine_name\": \"m\",}"));
        bodies.put("array of garbage", utf8("[1, \"x\", null, [], {\"timestamp_start\": 7}, {\"master_scenario\": 1}]"));
        return bodies;
    }

    @Test
    void every_endpoint_answers_malformed_bodies_briefly_in_its_own_words() throws Exception {
        try (RunStore store = RunStore.open(home.resolve("store"), RunLocator.STANDALONE)) {
            IngestionService ingestion = new IngestionService(store, Clock.systemUTC(), () -> Settings.DEFAULTS,
                    id -> "/runs/" + id);
            LibraryApi library = new LibraryApi(new TestLibrary(home.resolve("library")));
            TestMachinesApi machines = new TestMachinesApi("system-tests", name -> false, machine -> {
                throw new AssertionError("no machine is created from a malformed body");
            });
            Map<String, Function<byte[], ApiResponse>> endpoints = new LinkedHashMap<>();
            for (MessageKind kind : MessageKind.values()) {
                endpoints.put(kind.apiName(), body -> ApiResponse.of(ingestion.receive(kind, body)));
            }
            endpoints.put("events", body -> {
                try {
                    return ApiResponse.ofBatch(ingestion.receiveBatch(body));
                } catch (RejectedException e) {
                    return ApiResponse.error(e);
                }
            });
            endpoints.put("library/upload", library::upload);
            endpoints.put("library/delete", library::delete);
            endpoints.put("test-machines/create", machines::create);

            List<String> checked = new ArrayList<>();
            for (Map.Entry<String, byte[]> body : malformed().entrySet()) {
                for (Map.Entry<String, Function<byte[], ApiResponse>> endpoint : endpoints.entrySet()) {
                    ApiResponse answer = endpoint.getValue().apply(body.getValue());
                    String what = endpoint.getKey() + " <- " + body.getKey();
                    for (Map<?, ?> error : errors(answer)) {
                        assertShortAndOwn(what, error);
                        checked.add(what + ": " + error.get("message"));
                    }
                }
            }
            assertThat(checked).hasSizeGreaterThan(malformed().size() * endpoints.size());
            assertThat(store.summaries()).isEmpty();
        }
    }

    /** The error bodies of an answer: the answer itself (a 4xx), or each message of a batch (each refused). */
    private static List<Map<?, ?>> errors(ApiResponse answer) {
        Map<?, ?> body = (Map<?, ?>) answer.body();
        List<Map<?, ?>> errors = new ArrayList<>();
        if (body.containsKey("results")) {
            for (Object result : (List<?>) body.get("results")) {
                assertThat(((Map<?, ?>) result).get("status")).as("%s", result).isIn(400, 404, 409);
                errors.add((Map<?, ?>) result);
            }
        } else {
            assertThat(answer.status()).as("%s", body).isBetween(400, 499);
            errors.add(body);
        }
        return errors;
    }

    private static void assertShortAndOwn(String what, Map<?, ?> error) {
        assertThat(error.get("errorCode")).as(what).isNotNull();
        String message = String.valueOf(error.get("message"));
        assertThat(message).as(what).isNotBlank().hasSizeLessThanOrEqualTo(SHORT).doesNotContainPattern(INTERNALS)
                .doesNotContain("\n");
        if ("MALFORMED_JSON".equals(error.get("errorCode")) && !message.contains("empty")
                && !message.contains("gzip")) {
            assertThat(message).as(what + ": where").containsPattern("^Not valid JSON at line \\d+, column \\d+");
        }
    }

    @Test
    void the_message_says_what_is_wrong_and_where() {
        assertThat(refusal("{\"machine_name\": \"m\"")).isEqualTo("Not valid JSON at line 1, column 21: unexpected end of input");
        assertThat(refusal("{\n  \"machine_name\": \"a\",\n  \"machine_name\": \"b\"\n}"))
                .isEqualTo("Not valid JSON at line 3, column 17: field 'machine_name' appears twice");
        assertThat(refusal("{machine_name: 1}"))
                .isEqualTo("Not valid JSON at line 1, column 2: unexpected 'm'; a field name in double quotes was expected");
        assertThat(refusal("{\"a\": tru}")).isEqualTo("Not valid JSON at line 1, column 11: unexpected 'tru'");
        assertThat(refusal("{} {}")).isEqualTo("Not valid JSON at line 1, column 4: more after the end of the JSON value");
        assertThat(refusal("[".repeat(100))).startsWith("Not valid JSON at line 1, column 66")
                .endsWith(": nested deeper than 64 levels");
        assertThat(refusal("[" + "1".repeat(101) + "]")).endsWith(": a number longer than 100 digits");
        assertThat(refusal(new String(bytes("{\"a\": \"", 0xff), StandardCharsets.ISO_8859_1)))
                .isEqualTo("Not valid JSON at line 1, column 9: the body is not UTF-8 text");
        assertThat(refusal("{\"" + "k".repeat(100) + "\": 1, \"" + "k".repeat(100) + "\": 2}"))
                .endsWith(": field '" + "k".repeat(40) + "\u2026' appears twice");
    }

    private static String refusal(String body) {
        try {
            JsonBodies.read(body.getBytes(body.chars().anyMatch(c -> c > 0x7f) ? StandardCharsets.ISO_8859_1
                    : StandardCharsets.UTF_8));
        } catch (RejectedException e) {
            assertThat(e.errorCode()).isEqualTo(ErrorCode.MALFORMED_JSON);
            return e.getMessage();
        }
        throw new AssertionError("taken as JSON: " + body);
    }
}
