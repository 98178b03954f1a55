package io.jenkins.plugins.systemtests.core.ingest;

import static io.jenkins.plugins.systemtests.core.support.Plans.timestamp;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.systemtests.core.config.Settings;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.protocol.MessageKind;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.core.store.RunLocator;
import io.jenkins.plugins.systemtests.core.store.RunStore;
import io.jenkins.plugins.systemtests.core.support.MutableClock;
import io.jenkins.plugins.systemtests.core.support.Plans;
import io.jenkins.plugins.systemtests.core.support.Plans.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs of no build are removed by age and per machine; a build's runs go with the build; nothing comes back. */
class RetentionTest {
    private static final File LAMP = new File("/tests", "test_lamp.py");
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    @TempDir
    Path home;

    private final MutableClock clock = new MutableClock(NOW);
    private final AtomicReference<Settings> settings = new AtomicReference<>(new Settings(true, 60, 30, 3));

    private static RunSummary summary(long id, String machine, String buildUrl, boolean ongoing, Instant last) {
        return new RunSummary(id, machine, buildUrl, TestStatus.PASSED, ongoing, 1, Map.of(TestStatus.PASSED, 1), last,
                last, null, null, null);
    }

    @Test
    void finished_runs_of_no_build_go_when_older_than_the_days_or_beyond_the_newest_per_machine() {
        List<RunSummary> runs = List.of(
                summary(1, "rig-a", null, false, NOW.minus(Duration.ofDays(1))),
                summary(2, "rig-a", null, false, NOW.minus(Duration.ofDays(1))),
                summary(3, "rig-a", null, false, NOW.minus(Duration.ofDays(1))),
                summary(4, "rig-a", null, false, NOW.minus(Duration.ofDays(1))),
                summary(5, "rig-a", null, false, NOW.minus(Duration.ofDays(1))),
                summary(6, "rig-b", null, false, NOW.minus(Duration.ofDays(31))),
                summary(7, "rig-b", "job/nightly/7/", false, NOW.minus(Duration.ofDays(400))),
                summary(8, "rig-c", null, true, NOW.minus(Duration.ofDays(400))));

        assertThat(Retention.expired(runs, new Settings(true, 60, 30, 3), NOW)).containsExactly(1L, 2L, 6L);
        assertThat(Retention.expired(runs, new Settings(true, 60, 0, 0), NOW)).isEmpty();
        assertThat(Retention.expired(runs, new Settings(true, 60, 0, 1), NOW)).containsExactly(1L, 2L, 3L, 4L);
    }

    private static void completeRun(IngestionService service, String machine, int n) {
        service.receive(MessageKind.DRY_RUN, Plans.dryRun(machine, List.of(List.of(LAMP))));
        service.receive(MessageKind.TEST_START, Plans.start(machine, LAMP, timestamp(2 * n)));
        service.receive(MessageKind.TEST_STOP, Plans.stop(machine, LAMP, "passed", timestamp(2 * n + 1)));
    }

    @Test
    void removed_runs_leave_the_lists_and_the_disk_and_stay_removed_after_a_restart() throws Exception {
        Path oldDir;
        try (RunStore store = RunStore.open(home, RunLocator.STANDALONE)) {
            IngestionService service = new IngestionService(store, clock, settings::get, id -> "/runs/" + id);
            completeRun(service, "rig-a", 1);
            oldDir = home.resolve("runs/0/1");
            assertThat(oldDir).as("runs of no build live in runs/<id / 1000>/<id>").isDirectory();
            clock.advance(Duration.ofDays(31));
            for (int n = 2; n <= 5; n++) {
                completeRun(service, "rig-a", n);
            }

            assertThat(service.applyRetention()).isEqualTo(2); // run 1 by age, run 2 beyond the newest three
            assertThat(service.reader().summaries()).extracting(RunSummary::id).containsExactly(3L, 4L, 5L);
            assertThat(oldDir).doesNotExist();
            assertThat(service.applyRetention()).isZero();
        }
        try (RunStore reopened = RunStore.open(home, RunLocator.STANDALONE)) {
            IngestionService service = new IngestionService(reopened, clock, settings::get, id -> "/runs/" + id);
            assertThat(service.reader().summaries()).extracting(RunSummary::id).containsExactly(3L, 4L, 5L);
            completeRun(service, "rig-a", 6);
            assertThat(service.reader().summaries()).extracting(RunSummary::id).contains(6L).doesNotContain(1L, 2L);
        }
    }

    @Test
    void runs_kept_in_a_build_directory_are_forgotten_when_the_build_goes_and_an_ongoing_one_is_ended_first()
            throws Exception {
        Path build = Files.createDirectories(home.resolve("jobs/nightly/builds/7"));
        RunLocator inBuild = (id, plan) -> Optional.ofNullable(plan.buildUrl()).map(url -> build.resolve("system-tests")
                .resolve(Long.toString(id)));
        try (RunStore store = RunStore.open(home.resolve("system-tests"), inBuild)) {
            IngestionService service = new IngestionService(store, clock, settings::get, id -> "/runs/" + id);
            service.receive(MessageKind.DRY_RUN, Plans.bytes(((com.fasterxml.jackson.databind.node.ObjectNode)
                    io.jenkins.plugins.systemtests.core.json.Json.MAPPER.readTree(Plans.dryRun("rig-b",
                            List.of(List.of(LAMP))))).put("build_url", "job/nightly/7/")));
            completeRun(service, "rig-c", 1);

            service.forgetRunsUnder(build);

            assertThat(service.reader().summaries()).extracting(RunSummary::machineName).containsExactly("rig-c");
        }
        try (RunStore reopened = RunStore.open(home.resolve("system-tests"), inBuild)) {
            assertThat(reopened.summaries()).extracting(RunSummary::machineName).containsExactly("rig-c");
        }
    }
}
