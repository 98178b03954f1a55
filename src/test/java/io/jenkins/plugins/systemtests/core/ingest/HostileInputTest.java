package io.jenkins.plugins.systemtests.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.systemtests.core.api.ApiResponse;
import io.jenkins.plugins.systemtests.core.config.Settings;
import io.jenkins.plugins.systemtests.core.json.Json;
import io.jenkins.plugins.systemtests.core.model.TestRun;
import io.jenkins.plugins.systemtests.core.protocol.MessageKind;
import io.jenkins.plugins.systemtests.core.store.RunLocator;
import io.jenkins.plugins.systemtests.core.store.RunStore;
import io.jenkins.plugins.systemtests.core.support.Plans.File;
import io.jenkins.plugins.systemtests.core.support.Plans;
import io.jenkins.plugins.systemtests.core.support.Reliability;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds over 10,000 malformed or adversarial payloads between the messages of a real session. Every one must be a
 * 4xx or an idempotent accept, and the store must end up exactly as the valid messages alone make it.
 */
class HostileInputTest {
    private static final String MACHINE = "hostile-lab";
    private static final int HOSTILE_PER_GAP = 260;

    private record Sent(MessageKind kind, byte[] body) {
    }

    @Test
    void hostile_payloads_change_nothing_and_are_never_a_server_error(@TempDir Path home) throws Exception {
        List<File> files = new ArrayList<>();
        for (int i = 0; i < 18; i++) {
            files.add(new File("/lab/tests", "test_" + i + ".py"));
        }
        files.add(files.get(3)); // a file that runs twice
        List<Sent> valid = validSession(files);

        Random random = new Random(20181230);
        int hostileCount = 0;
        int duplicatesAccepted = 0;
        int serverErrors = 0;
        int stateMismatches = 0;
        try (RunStore hostileStore = RunStore.open(home.resolve("hostile"), RunLocator.STANDALONE);
                RunStore referenceStore = RunStore.open(home.resolve("reference"), RunLocator.STANDALONE)) {
            IngestionService attacked = service(hostileStore);
            IngestionService reference = service(referenceStore);
            List<Sent> applied = new ArrayList<>();
            for (Sent message : valid) {
                for (int i = 0; i < HOSTILE_PER_GAP; i++) {
                    Sent hostile = hostile(random, files, applied);
                    ApiResponse answer = ApiResponse.of(attacked.receive(hostile.kind(), hostile.body()));
                    hostileCount++;
                    if (answer.status() >= 500) {
                        serverErrors++;
                    }
                    assertThat(answer.status()).as("answer to %s", preview(hostile)).isBetween(202, 499);
                    if (answer.status() == 202) {
                        assertThat(((Map<?, ?>) answer.body()).get("duplicate")).as(preview(hostile)).isEqualTo(true);
                        duplicatesAccepted++;
                    } else {
                        assertThat(List.copyOf(((Map<?, ?>) answer.body()).keySet())).isEqualTo(List.of("errorCode", "message"));
                    }
                }
                assertThat(ApiResponse.of(attacked.receive(message.kind(), message.body())).status()).isIn(201, 202);
                assertThat(ApiResponse.of(reference.receive(message.kind(), message.body())).status()).isIn(201, 202);
                applied.add(message);
            }
            assertThat(hostileCount).isGreaterThanOrEqualTo(10_000);
            assertThat(duplicatesAccepted).isPositive();
            List<Long> referenceIds = reference.reader().summaries().stream().map(s -> s.id()).toList();
            assertThat(attacked.reader().summaries().stream().map(s -> s.id()).toList())
                    .containsExactlyInAnyOrderElementsOf(referenceIds);
            for (long id : referenceIds) {
                TestRun expected = reference.reader().read(id, r -> r).orElseThrow();
                if (!attacked.reader().read(id, r -> r).equals(java.util.Optional.of(expected))) {
                    stateMismatches++;
                }
                assertThat(attacked.reader().read(id, r -> r)).contains(expected);
            }
            Reliability.report("hostile-input", "payloads", hostileCount, "5xx", serverErrors,
                    "idempotentAccepts", duplicatesAccepted, "stateMismatches", stateMismatches);
        }
    }

    private static IngestionService service(RunStore store) {
        return new IngestionService(store, Clock.systemUTC(), () -> Settings.DEFAULTS, id -> "/runs/" + id);
    }

    private static List<Sent> validSession(List<File> files) {
        List<Sent> session = new ArrayList<>();
        session.add(new Sent(MessageKind.DRY_RUN, Plans.dryRun(MACHINE, List.of(files.subList(0, 7),
                files.subList(7, 14), files.subList(14, files.size())))));
        String[] outcomes = {"passed", "warning", "failed", "error", "passed"};
        for (int i = 0; i < files.size(); i++) {
            session.add(new Sent(MessageKind.TEST_START, Plans.start(MACHINE, files.get(i), Plans.timestamp(2 * i))));
            session.add(new Sent(MessageKind.TEST_STOP,
                    Plans.stop(MACHINE, files.get(i), outcomes[i % outcomes.length], Plans.timestamp(2 * i + 1))));
        }
        return session;
    }

    private static Sent hostile(Random random, List<File> files, List<Sent> applied) {
        MessageKind kind = MessageKind.values()[random.nextInt(3)];
        File file = files.get(random.nextInt(files.size()));
        List<Supplier<Sent>> generators = List.of(
                () -> truncated(random, kind, file),
                () -> new Sent(kind, withField(random, kind, file, randomField(random), wrongType(random))),
                () -> new Sent(kind, withField(random, kind, file, "file_name", "x".repeat(1025 + random.nextInt(5000)))),
                () -> new Sent(kind, withField(random, kind, file, "machine_name", "m".repeat(201 + random.nextInt(500)))),
                () -> new Sent(kind, deep(random)),
                () -> new Sent(kind, withField(random, kind, file, "machine_name", "lab\u0000\u001b[31m")),
                () -> new Sent(kind, withField(random, kind, file, "timestamp_start", "2018-13-45 99:99:99")),
                () -> new Sent(kind, withField(random, kind, file, "timestamp_stop", "\u202e2018")),
                () -> new Sent(MessageKind.TEST_STOP, Plans.stop(MACHINE, file, "running", Plans.timestamp(9_000))),
                () -> new Sent(kind, randomBytes(random)),
                () -> new Sent(MessageKind.TEST_START, Plans.start("nobody \uD83D\uDE80", file, Plans.timestamp(1))),
                () -> new Sent(MessageKind.TEST_START,
                        Plans.start(MACHINE, new File("/lab/tests", "ünknown_" + random.nextInt(99) + ".py"),
                                Plans.timestamp(5_000 + random.nextInt(1000)))),
                () -> stopOfNotRunningTest(random, files, applied),
                () -> duplicateWithUnknownFields(random, applied),
                () -> new Sent(MessageKind.DRY_RUN, withField(random, MessageKind.DRY_RUN, file, "master_scenario",
                        Json.MAPPER.createObjectNode().put("file_name", "m.py").putNull("scenarios"))),
                () -> new Sent(kind, "{\"machine_name\":\"a\",\"machine_name\":\"b\"}".getBytes(StandardCharsets.UTF_8)),
                () -> new Sent(kind, "\uFEFF{}".getBytes(StandardCharsets.UTF_8)),
                () -> new Sent(kind, "null".getBytes(StandardCharsets.UTF_8)));
        return generators.get(random.nextInt(generators.size())).get();
    }

    private static byte[] validBody(MessageKind kind, File file, Random random) {
        return switch (kind) {
            case DRY_RUN -> Plans.dryRun(MACHINE, List.of(List.of(file)));
            case TEST_START -> Plans.start(MACHINE, file, Plans.timestamp(100_000 + random.nextInt(1000)));
            case TEST_STOP -> Plans.stop(MACHINE, file, "passed", Plans.timestamp(100_000 + random.nextInt(1000)));
        };
    }

    private static Sent truncated(Random random, MessageKind kind, File file) {
        byte[] body = validBody(kind, file, random);
        byte[] cut = new byte[random.nextInt(body.length - 1)];
        System.arraycopy(body, 0, cut, 0, cut.length);
        return new Sent(kind, cut);
    }

    private static String randomField(Random random) {
        String[] fields = {"machine_name", "file_path", "file_name", "status", "timestamp", "timestamp_start",
                "timestamp_stop", "master_scenario"};
        return fields[random.nextInt(fields.length)];
    }

    private static Object wrongType(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> random.nextInt();
            case 1 -> Json.MAPPER.createArrayNode().add("x");
            case 2 -> Json.MAPPER.createObjectNode().put("a", 1);
            case 3 -> Boolean.TRUE;
            default -> 1.5e300;
        };
    }

    /** A message whose field is replaced; kept hostile: a valid-looking result is also made to miss its target. */
    private static byte[] withField(Random random, MessageKind kind, File file, String field, Object value) {
        ObjectNode node;
        try {
            node = (ObjectNode) Json.MAPPER.readTree(validBody(kind, file, random));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        boolean ownField = node.has(field);
        node.set(field, Json.MAPPER.valueToTree(value));
        if (!ownField) {
            // An unknown field is ignored, which would leave a valid message: take a required one away.
            node.remove(kind == MessageKind.DRY_RUN ? "timestamp" : "file_name");
        }
        return Plans.bytes(node);
    }

    private static byte[] deep(Random random) {
        int depth = 65 + random.nextInt(5000);
        String body = "{\"machine_name\":\"" + MACHINE + "\",\"extra\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[1 + random.nextInt(300)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** A STOP for a test that has not started yet, or already ended, with a fresh timestamp: 409. */
    private static Sent stopOfNotRunningTest(Random random, List<File> files, List<Sent> applied) {
        long startsSent = applied.stream().filter(s -> s.kind() == MessageKind.TEST_START).count();
        File notStarted = files.get(files.size() - 2); // test_17 runs once, near the end
        File target = startsSent < files.size() - 2 ? notStarted : files.get(0);
        return new Sent(MessageKind.TEST_STOP, Plans.stop(MACHINE, target, "failed",
                Plans.timestamp(200_000 + random.nextInt(1000))));
    }

    /** A message already applied, sent again with unknown fields: recognised as a retry. */
    private static Sent duplicateWithUnknownFields(Random random, List<Sent> applied) {
        List<Sent> events = applied.stream().filter(s -> s.kind() != MessageKind.DRY_RUN).toList();
        if (events.isEmpty()) {
            return new Sent(MessageKind.TEST_STOP, new byte[0]);
        }
        Sent original = events.get(random.nextInt(events.size()));
        try {
            ObjectNode node = (ObjectNode) Json.MAPPER.readTree(original.body());
            node.put("retry_of_" + random.nextInt(9), "\uD83D\uDD01 attempt");
            node.putArray("nested").addObject().put("x", random.nextLong());
            return new Sent(original.kind(), Plans.bytes(node));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String preview(Sent sent) {
        String text = new String(sent.body(), StandardCharsets.UTF_8);
        return sent.kind() + " " + (text.length() > 160 ? text.substring(0, 160) + "…" : text);
    }
}
