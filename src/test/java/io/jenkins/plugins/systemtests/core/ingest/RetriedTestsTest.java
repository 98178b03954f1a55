package io.jenkins.plugins.systemtests.core.ingest;

import static io.jenkins.plugins.systemtests.core.support.Plans.timestamp;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.systemtests.core.api.ApiResponse;
import io.jenkins.plugins.systemtests.core.api.ReadApi;
import io.jenkins.plugins.systemtests.core.config.Settings;
import io.jenkins.plugins.systemtests.core.json.Json;
import io.jenkins.plugins.systemtests.core.model.TestRun;
import io.jenkins.plugins.systemtests.core.protocol.MessageKind;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.core.store.RunLocator;
import io.jenkins.plugins.systemtests.core.store.RunStore;
import io.jenkins.plugins.systemtests.core.support.MutableClock;
import io.jenkins.plugins.systemtests.core.support.Plans;
import io.jenkins.plugins.systemtests.core.support.Plans.File;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A retried test as Jenkins keeps it: a TEST STOP with {@code retry: true} keeps the attempt and the test running, the
 * next START of its file is its next attempt; its status is the last attempt's, and one that passed after a failed
 * attempt is flaky: marked in the read API's test, tree, delta and summary, counted in the summary, kept across a
 * restart (the events are replayed) and described as "1 passed (1 flaky)".
 */
class RetriedTestsTest {
    private static final String MACHINE = "bench #7";
    private static final File LAMP = new File("/tests/lamp", "test_lamp.py");
    private static final File DOOR = new File("/tests/door", "test_door.py");

    @TempDir
    Path home;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T09:00:00Z"));
    private RunStore store;
    private IngestionService service;

    @BeforeEach
    void open() throws Exception {
        store = RunStore.open(home, RunLocator.STANDALONE);
        service = new IngestionService(store, clock, () -> Settings.DEFAULTS, id -> "http://jenkins/runs/" + id);
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    private int send(MessageKind kind, byte[] body) {
        return ApiResponse.of(service.receive(kind, body)).status();
    }

    @SuppressWarnings("unchecked")
    private boolean duplicate(MessageKind kind, byte[] body) {
        ApiResponse answer = ApiResponse.of(service.receive(kind, body));
        assertThat(answer.status()).isEqualTo(202);
        return Boolean.TRUE.equals(((Map<String, Object>) answer.body()).get("duplicate"));
    }

    private static byte[] stop(File file, String status, String timestamp, String reason, boolean retry) {
        ObjectNode root = (ObjectNode) read(Plans.stop(MACHINE, file, status, timestamp, reason));
        if (retry) {
            root.put("retry", true);
        }
        return Plans.bytes(root);
    }

    private static JsonNode read(byte[] body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private JsonNode get(String path, Map<String, String> query) {
        ApiResponse answer = new ReadApi(service.reader()).get(List.of(path.substring(1).split("/")), query);
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(200);
        return Json.MAPPER.valueToTree(answer.body());
    }

    private long lampFailsOnceThenPasses() {
        send(MessageKind.DRY_RUN, Plans.dryRun(MACHINE, List.of(List.of(LAMP, DOOR))));
        long id = service.reader().summaries().get(0).id();
        assertThat(send(MessageKind.TEST_START, Plans.start(MACHINE, LAMP, timestamp(1)))).isEqualTo(202);
        assertThat(send(MessageKind.TEST_STOP, stop(LAMP, "failed", timestamp(2), "AssertionError: dark", true)))
                .isEqualTo(202);
        return id;
    }

    @Test
    void a_stop_that_says_retry_keeps_the_attempt_and_the_test_running_until_its_next_attempt_ends() {
        long id = lampFailsOnceThenPasses();

        TestRun run = service.reader().read(id, r -> r).orElseThrow();
        assertThat(run.status(0)).isEqualTo(TestStatus.RUNNING);
        assertThat(run.isAwaitingRetry(0)).isTrue();
        assertThat(run.attempts(0)).singleElement().satisfies(attempt -> {
            assertThat(attempt.status()).isEqualTo(TestStatus.FAILED);
            assertThat(attempt.reason()).isEqualTo("AssertionError: dark");
        });
        // Its next attempt's START, not the door's; a STOP before that START matches nothing.
        assertThat(send(MessageKind.TEST_STOP, Plans.stop(MACHINE, LAMP, "passed", timestamp(3)))).isEqualTo(409);
        assertThat(send(MessageKind.TEST_START, Plans.start(MACHINE, LAMP, timestamp(3)))).isEqualTo(202);
        assertThat(send(MessageKind.TEST_STOP, Plans.stop(MACHINE, LAMP, "passed", timestamp(4)))).isEqualTo(202);

        run = service.reader().read(id, r -> r).orElseThrow();
        assertThat(run.status(0)).isEqualTo(TestStatus.PASSED);
        assertThat(run.reason(0)).isNull();
        assertThat(run.isFlaky(0)).isTrue();
        assertThat(run.status(1)).isEqualTo(TestStatus.WAITING);
        assertThat(run.summary().flaky()).isEqualTo(1);
        assertThat(TestStatus.describe(run.counts(), run.flakyCount())).isEqualTo("1 passed (1 flaky), 1 waiting");
    }

    @Test
    void resent_reports_of_an_attempt_are_duplicates_that_change_nothing() {
        long id = lampFailsOnceThenPasses();
        long version = service.reader().read(id, TestRun::version).orElseThrow();

        assertThat(duplicate(MessageKind.TEST_START, Plans.start(MACHINE, LAMP, timestamp(1)))).isTrue();
        assertThat(duplicate(MessageKind.TEST_STOP, stop(LAMP, "failed", timestamp(2), "AssertionError: dark", true)))
                .isTrue();

        assertThat(service.reader().read(id, TestRun::version).orElseThrow()).isEqualTo(version);
    }

    @Test
    void the_read_api_shows_every_attempt_the_flaky_mark_and_count_and_each_attempts_output() throws Exception {
        long id = lampFailsOnceThenPasses();
        send(MessageKind.TEST_START, Plans.start(MACHINE, LAMP, timestamp(3)));
        send(MessageKind.TEST_STOP, Plans.stop(MACHINE, LAMP, "passed", timestamp(5)));
        send(MessageKind.TEST_START, Plans.start(MACHINE, DOOR, timestamp(6)));
        send(MessageKind.TEST_STOP, stop(DOOR, "error", timestamp(7), "TimeoutError", true));
        send(MessageKind.TEST_START, Plans.start(MACHINE, DOOR, timestamp(8)));
        send(MessageKind.TEST_STOP, Plans.stop(MACHINE, DOOR, "failed", timestamp(9), "AssertionError: stuck"));
        store.saveLog(id, 0, 1, new ByteArrayInputStream("rig still booting".getBytes(StandardCharsets.UTF_8)));
        store.saveLog(id, 0, new ByteArrayInputStream("lit".getBytes(StandardCharsets.UTF_8)));

        JsonNode lamp = get("/runs/" + id + "/tests/0", Map.of());
        assertThat(lamp.get("status").textValue()).isEqualTo("passed");
        assertThat(lamp.get("flaky").booleanValue()).isTrue();
        assertThat(lamp.get("attempt").intValue()).isEqualTo(2);
        assertThat(lamp.get("durationMs").longValue()).isEqualTo(2000);
        assertThat(lamp.at("/attempts/0").toString()).isEqualTo("{\"attempt\":1,\"status\":\"failed\","
                + "\"start\":\"2018-12-30 13:00:01.000001\",\"stop\":\"2018-12-30 13:00:02.000002\","
                + "\"durationMs\":1000,\"reason\":\"AssertionError: dark\"}");
        JsonNode door = get("/runs/" + id + "/tests/1", Map.of());
        assertThat(door.get("status").textValue()).isEqualTo("failed");
        assertThat(door.has("flaky")).as("failed in the end: not flaky").isFalse();
        assertThat(door.at("/attempts/0/status").textValue()).isEqualTo("error");

        JsonNode tree = get("/runs/" + id, Map.of());
        assertThat(tree.get("flaky").intValue()).isEqualTo(1);
        assertThat(tree.at("/counts/passed").intValue()).isEqualTo(1);
        assertThat(tree.at("/counts/failed").intValue()).isEqualTo(1);
        assertThat(tree.at("/masterScenario/scenarios/0/tests/0/flaky").booleanValue()).isTrue();
        JsonNode delta = get("/runs/" + id + "/delta", Map.of("since", "1"));
        assertThat(delta.get("flaky").intValue()).isEqualTo(1);
        assertThat(delta.at("/tests/0/flaky").booleanValue()).isTrue();
        assertThat(get("/runs", Map.of()).at("/items/0/flaky").intValue()).isEqualTo(1);

        JsonNode first = get("/runs/" + id + "/tests/0/log", Map.of("attempt", "1"));
        assertThat(first.get("log").textValue()).isEqualTo("rig still booting");
        assertThat(first.get("attempt").intValue()).isEqualTo(1);
        assertThat(get("/runs/" + id + "/tests/0/log", Map.of()).get("log").textValue()).isEqualTo("lit");
        assertThat(get("/runs/" + id + "/tests/0/log", Map.of("attempt", "2")).get("log").textValue())
                .isEqualTo("lit");
        ApiResponse none = new ReadApi(service.reader()).get(List.of("runs", Long.toString(id), "tests", "0", "log"),
                Map.of("attempt", "3"));
        assertThat(none.status()).isEqualTo(404);
    }

    @Test
    void attempts_and_the_flaky_count_survive_a_restart() throws Exception {
        long id = lampFailsOnceThenPasses();
        send(MessageKind.TEST_START, Plans.start(MACHINE, LAMP, timestamp(3)));
        send(MessageKind.TEST_STOP, Plans.stop(MACHINE, LAMP, "passed", timestamp(4)));
        send(MessageKind.TEST_START, Plans.start(MACHINE, DOOR, timestamp(5)));
        send(MessageKind.TEST_STOP, Plans.stop(MACHINE, DOOR, "passed", timestamp(6)));
        TestRun before = service.reader().read(id, r -> r).orElseThrow();

        store.close();
        open();

        TestRun after = service.reader().read(id, r -> r).orElseThrow();
        assertThat(after).isEqualTo(before);
        assertThat(after.attempts(0)).hasSize(1);
        assertThat(after.isFlaky(0)).isTrue();
        assertThat(service.reader().summary(id).orElseThrow().flaky()).isEqualTo(1);
    }
}
