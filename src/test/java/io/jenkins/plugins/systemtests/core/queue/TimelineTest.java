package io.jenkins.plugins.systemtests.core.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.systemtests.core.config.Settings;
import io.jenkins.plugins.systemtests.core.ingest.IngestionService;
import io.jenkins.plugins.systemtests.core.ingest.Receipt;
import io.jenkins.plugins.systemtests.core.protocol.MessageKind;
import io.jenkins.plugins.systemtests.core.store.RunLocator;
import io.jenkins.plugins.systemtests.core.store.RunStore;
import io.jenkins.plugins.systemtests.core.support.Plans;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimelineTest {
    private static final Plans.File A = new Plans.File("/lab", "test_a.py");
    private static final Plans.File B = new Plans.File("/lab", "test_b.py");
    private static final Plans.File C = new Plans.File("/lab", "test_c.py");

    private static long at(String time) {
        return LocalDateTime.parse("2026-12-02T" + time).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    @Test
    void a_lane_per_environment_with_its_lock_wait_its_tests_and_its_busy_idle_and_waiting_time(@TempDir Path home)
            throws Exception {
        try (RunStore store = RunStore.open(home, RunLocator.STANDALONE)) {
            IngestionService service = new IngestionService(store, Clock.systemUTC(), () -> Settings.DEFAULTS,
                    id -> "/r/" + id);
            Receipt created = service.receive(MessageKind.DRY_RUN, Plans.dryRun("lab", List.of(List.of(A, B, C))));
            long runId = ((Receipt.Created) created).runId();
            service.receive(MessageKind.TEST_START, Plans.start("lab", A, "2026-12-02 08:00:00.000000"));
            service.receive(MessageKind.TEST_START, Plans.start("lab", B, "2026-12-02 08:00:05.000000"));
            service.receive(MessageKind.TEST_STOP, Plans.stop("lab", B, "failed", "2026-12-02 08:00:07.000000"));
            service.receive(MessageKind.TEST_STOP, Plans.stop("lab", A, "passed", "2026-12-02 08:00:10.000000"));
            RunLanes lanes = new RunLanes(runId, List.of(
                    new RunLanes.Lane("1", at("08:00:00"), at("08:00:00"), at("08:00:11"), "ended", null),
                    new RunLanes.Lane("2", at("08:00:00"), at("08:00:04"), at("08:00:08"), "lost", "gone"),
                    new RunLanes.Lane("3", at("08:00:00"), -1, -1, "waiting", null)),
                    Map.of(0, "1", 1, "2", 2, "2"));

            Timeline.View view = service.reader().read(runId, run -> Timeline.of(lanes, run, ZoneOffset.UTC,
                    at("08:00:12"))).orElseThrow();

            assertThat(view.lanes()).containsExactly("1", "2", "3");
            assertThat(view.items()).extracting(Timeline.Item::lane, Timeline.Item::kind, Timeline.Item::name,
                    Timeline.Item::status).containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(0, "test", "test_a.py", "passed"),
                            org.assertj.core.groups.Tuple.tuple(1, "wait", null, null),
                            org.assertj.core.groups.Tuple.tuple(1, "test", "test_b.py", "failed"),
                            org.assertj.core.groups.Tuple.tuple(2, "wait", null, null));
            assertThat(view.totals()).extracting(Timeline.Totals::environment, Timeline.Totals::tests,
                    Timeline.Totals::busyMs, Timeline.Totals::idleMs, Timeline.Totals::waitMs).containsExactly(
                            org.assertj.core.groups.Tuple.tuple("1", 1, 10_000L, 1_000L, 0L),
                            org.assertj.core.groups.Tuple.tuple("2", 1, 2_000L, 2_000L, 4_000L),
                            org.assertj.core.groups.Tuple.tuple("3", 0, 0L, 0L, 12_000L));
            assertThat(view.totals().get(1).lostBecause()).isEqualTo("gone");
        }
    }
}
