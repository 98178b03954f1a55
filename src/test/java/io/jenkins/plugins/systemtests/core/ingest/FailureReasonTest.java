package io.jenkins.plugins.systemtests.core.ingest;

import static io.jenkins.plugins.systemtests.core.support.Plans.timestamp;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.systemtests.core.api.ApiResponse;
import io.jenkins.plugins.systemtests.core.api.RunViews;
import io.jenkins.plugins.systemtests.core.config.Settings;
import io.jenkins.plugins.systemtests.core.json.Json;
import io.jenkins.plugins.systemtests.core.protocol.MessageKind;
import io.jenkins.plugins.systemtests.core.store.RunLocator;
import io.jenkins.plugins.systemtests.core.store.RunStore;
import io.jenkins.plugins.systemtests.core.support.MutableClock;
import io.jenkins.plugins.systemtests.core.support.Plans;
import io.jenkins.plugins.systemtests.core.support.Plans.File;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional reason of a TEST STOP: kept with the test, through a restart, tidied rather than refused. */
class FailureReasonTest {
    private static final String MACHINE = "rig-9";
    private static final File LAMP = new File("/tests", "test_lamp.py");
    private static final File DOOR = new File("/tests", "test_door.py");

    @TempDir
    Path home;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));

    private IngestionService service(RunStore store) {
        return new IngestionService(store, clock, () -> Settings.DEFAULTS, id -> "/runs/" + id);
    }

    private static int status(IngestionService service, MessageKind kind, byte[] body) {
        return ApiResponse.of(service.receive(kind, body)).status();
    }

    @Test
    void a_reason_is_kept_with_its_test_shown_by_the_read_api_and_still_there_after_a_restart() throws Exception {
        String longReason = "AssertionError: lamp current\n  expected 400 mA\tgot 412 mA " + "x".repeat(2000);
        long runId;
        try (RunStore store = RunStore.open(home, RunLocator.STANDALONE)) {
            IngestionService service = service(store);
            assertThat(status(service, MessageKind.DRY_RUN, Plans.dryRun(MACHINE, List.of(List.of(LAMP, DOOR)))))
                    .isEqualTo(201);
            status(service, MessageKind.TEST_START, Plans.start(MACHINE, LAMP, timestamp(1)));
            assertThat(status(service, MessageKind.TEST_STOP, Plans.stop(MACHINE, LAMP, "failed", timestamp(2),
                    longReason))).isEqualTo(202);
            status(service, MessageKind.TEST_START, Plans.start(MACHINE, DOOR, timestamp(3)));
            assertThat(status(service, MessageKind.TEST_STOP, Plans.stop(MACHINE, DOOR, "passed", timestamp(4))))
                    .isEqualTo(202);
            runId = service.reader().summaries().get(0).id();
        }
        try (RunStore reopened = RunStore.open(home, RunLocator.STANDALONE)) {
            IngestionService service = service(reopened);
            RunViews.Test lamp = service.reader().read(runId, run -> RunViews.test(run, 0)).orElseThrow();
            RunViews.Test door = service.reader().read(runId, run -> RunViews.test(run, 1)).orElseThrow();

            assertThat(lamp.reason()).startsWith("AssertionError: lamp current expected 400 mA got 412 mA xxx")
                    .hasSize(1000).endsWith("\u2026");
            assertThat(door.reason()).isNull();
            assertThat(Json.MAPPER.writeValueAsString(door)).doesNotContain("reason");
        }
    }

    @Test
    void a_reason_that_is_not_text_is_refused_naming_the_field() throws Exception {
        try (RunStore store = RunStore.open(home, RunLocator.STANDALONE)) {
            IngestionService service = service(store);
            status(service, MessageKind.DRY_RUN, Plans.dryRun(MACHINE, List.of(List.of(LAMP))));
            status(service, MessageKind.TEST_START, Plans.start(MACHINE, LAMP, timestamp(1)));
            byte[] numeric = new String(Plans.stop(MACHINE, LAMP, "failed", timestamp(2), "x"),
                    java.nio.charset.StandardCharsets.UTF_8).replace("\"reason\":\"x\"", "\"reason\":42")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);

            ApiResponse answer = ApiResponse.of(service.receive(MessageKind.TEST_STOP, numeric));

            assertThat(answer.status()).isEqualTo(400);
            assertThat(Json.MAPPER.writeValueAsString(answer.body())).contains("reason: must be a string, not a number");
        }
    }
}
