package io.jenkins.plugins.systemtests.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.systemtests.core.json.Json;
import io.jenkins.plugins.systemtests.core.model.TestId;
import io.jenkins.plugins.systemtests.core.model.TestRun;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A finished run's outcome per test, kept small for history pages: {@code results.json} in the run's directory holds
 * one status letter and one duration per test, and names its plan's test list by hash; each distinct test list is
 * stored once under the store's {@code plans/} folder. A page of history reads a few of these files, never a log.
 * {@code flakyIndices} are the tests that passed only on a retry (ascending; empty in runs without retries and in
 * runs kept before retries existed), so that a test's flakiness score needs no event log either.
 */
public record RunResults(String planHash, String statuses, int[] durationsMs, int[] flakyIndices) {
    public RunResults(String planHash, String statuses, int[] durationsMs) {
        this(planHash, statuses, durationsMs, new int[0]);
    }

    static final String FILE = "results.json";
    private static final String LETTERS = "CRWUFEAPS"; // TestStatus ordinals: cancelled ... passed, skipped

    /** Where finished runs' results and their plans' test lists are read from. */
    public interface Source {
        java.util.Optional<RunResults> results(long runId);

        List<String> planKeys(String planHash) throws IOException;
    }

    public TestStatus status(int index) {
        return TestStatus.values()[LETTERS.indexOf(statuses.charAt(index))];
    }

    /** Whether the test at this index passed only on a retry. */
    public boolean passedOnRetry(int index) {
        return java.util.Arrays.binarySearch(flakyIndices, index) >= 0;
    }

    static RunResults of(TestRun run) {
        return of(run, keysOf(run));
    }

    private static RunResults of(TestRun run, List<String> keys) {
        StringBuilder statuses = new StringBuilder(run.testCount());
        int[] durations = new int[run.testCount()];
        List<Integer> flaky = new ArrayList<>();
        for (int i = 0; i < run.testCount(); i++) {
            statuses.append(LETTERS.charAt(run.status(i).ordinal()));
            if (run.isFlaky(i)) {
                flaky.add(i);
            }
            durations[i] = run.start(i) == null || run.stop(i) == null ? -1
                    : (int) Math.min(Integer.MAX_VALUE, Duration.between(run.start(i), run.stop(i)).toMillis());
        }
        return new RunResults(hash(keys), statuses.toString(), durations,
                flaky.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * The keys of a run's tests ({@link TestId#key}: relative to the run's folder, so that runs of one job in other
     * workspaces share them), in plan order; their hash names the plan.
     */
    public static List<String> keysOf(TestRun run) {
        List<String> keys = new ArrayList<>(run.testCount());
        for (int i = 0; i < run.testCount(); i++) {
            keys.add(TestId.of(run, i).key());
        }
        return keys;
    }

    /** Writes a run's results as results.json (the layout before summary.json held them), and its plan's test list. */
    public static void write(Path runDir, Path plansDir, String planHash, List<String> keys, String statuses,
            int[] durations) throws IOException {
        writePlan(plansDir, planHash, keys);
        atomicWrite(runDir.resolve(FILE),
                Json.MAPPER.writeValueAsBytes(new RunResults(planHash, statuses, durations).toJson()));
    }

    /**
     * A finished run's results, its plan's test list written if no run wrote it before; the store keeps the results
     * inside the run's summary.json (one small file per run instead of two).
     */
    static RunResults ofWithPlan(Path plansDir, TestRun run) throws IOException {
        List<String> keys = keysOf(run);
        RunResults results = of(run, keys);
        writePlan(plansDir, results.planHash(), keys);
        return results;
    }

    /** Each distinct test list is stored once, by its hash. */
    private static void writePlan(Path plansDir, String planHash, List<String> keys) throws IOException {
        Path plan = plansDir.resolve(planHash + ".json");
        if (!Files.exists(plan)) {
            Files.createDirectories(plansDir);
            ArrayNode array = Json.MAPPER.createArrayNode();
            keys.forEach(array::add);
            atomicWrite(plan, Json.MAPPER.writeValueAsBytes(array));
        }
    }

    /** These results as the JSON object kept in summary.json (and, before, in results.json). */
    ObjectNode toJson() {
        ObjectNode node = Json.MAPPER.createObjectNode().put("plan", planHash).put("statuses", statuses);
        ArrayNode array = node.putArray("durations");
        for (int d : durationsMs) {
            array.add(d);
        }
        if (flakyIndices.length > 0) {
            ArrayNode flaky = node.putArray("flaky");
            for (int index : flakyIndices) {
                flaky.add(index);
            }
        }
        return node;
    }

    /** A finished run's results: from its summary.json, or from results.json for runs kept before. */
    public static RunResults read(Path runDir) throws IOException {
        Path summary = runDir.resolve(RunStore.SUMMARY);
        if (Files.exists(summary)) {
            JsonNode results = Json.MAPPER.readTree(Files.readAllBytes(summary)).get("results");
            if (results != null && results.isObject()) {
                return fromJson(results);
            }
        }
        return fromJson(Json.MAPPER.readTree(Files.readAllBytes(runDir.resolve(FILE))));
    }

    private static RunResults fromJson(JsonNode node) {
        JsonNode durations = node.get("durations");
        int[] values = new int[durations.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = durations.get(i).intValue();
        }
        JsonNode flakyNode = node.path("flaky");
        int[] flaky = new int[flakyNode.size()];
        for (int i = 0; i < flaky.length; i++) {
            flaky[i] = flakyNode.get(i).intValue();
        }
        return new RunResults(node.get("plan").textValue(), node.get("statuses").textValue(), values, flaky);
    }

    public static List<String> readPlan(Path plansDir, String planHash) throws IOException {
        List<String> keys = new ArrayList<>();
        for (JsonNode key : Json.MAPPER.readTree(Files.readAllBytes(plansDir.resolve(planHash + ".json")))) {
            keys.add(key.textValue());
        }
        return keys;
    }

    public static String hash(List<String> keys) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String key : keys) {
                digest.update(key.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) '\n');
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes through a temporary file of its own: runs of one plan may finish at the same moment on different threads
     * (a completion runs on the caller's thread when the write is already durable), and both may write the plan.
     */
    private static void atomicWrite(Path target, byte[] bytes) throws IOException {
        Path temp = Files.createTempFile(Objects.requireNonNull(target.getParent(), "a run folder"), "." + target.getFileName(),
                ".tmp");
        try {
            Files.write(temp, bytes);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
