package io.jenkins.plugins.systemtests.core.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.systemtests.core.api.JobHistory;
import io.jenkins.plugins.systemtests.core.config.Settings;
import io.jenkins.plugins.systemtests.core.ingest.IngestionService;
import io.jenkins.plugins.systemtests.core.ingest.Receipt;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.model.TestId;
import io.jenkins.plugins.systemtests.core.protocol.MessageKind;
import io.jenkins.plugins.systemtests.core.store.RunLocator;
import io.jenkins.plugins.systemtests.core.store.RunStore;
import io.jenkins.plugins.systemtests.core.support.Plans;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestDurationsTest {
    private static final Plans.File STEADY = new Plans.File("/lab", "test_steady.py");
    private static final Plans.File SPIKY = new Plans.File("/lab", "test_spiky.py");
    private static final String JOB = "lab/nightly";

    @TempDir
    Path home;
    private RunStore store;

    @AfterEach
    void close() throws Exception {
        if (store != null) {
            store.close();
        }
    }

    /** One build's run: each test takes the given seconds, one after the other. */
    private static void build(IngestionService service, String buildUrl, int steadySeconds, int spikySeconds) {
        String machine = "rig";
        String body = new String(Plans.dryRun(machine, List.of(List.of(STEADY, SPIKY)), "2026-12-01 08:00:00."
                + String.format("%06d", Math.floorMod(buildUrl.hashCode(), 1_000_000))), StandardCharsets.UTF_8)
                .replaceFirst("\\{", "{\"build_url\": \"" + buildUrl + "\",");
        assertThat(service.receive(MessageKind.DRY_RUN, Plans.utf8(body))).isInstanceOf(Receipt.Created.class);
        int t = 0;
        for (Plans.File test : List.of(STEADY, SPIKY)) {
            int seconds = test == STEADY ? steadySeconds : spikySeconds;
            service.receive(MessageKind.TEST_START, addBuild(Plans.start(machine, test, at(t)), buildUrl));
            t += seconds;
            service.receive(MessageKind.TEST_STOP, addBuild(Plans.stop(machine, test, "passed", at(t)), buildUrl));
        }
    }

    private static byte[] addBuild(byte[] message, String buildUrl) {
        return Plans.utf8(new String(message, StandardCharsets.UTF_8)
                .replaceFirst("\\{", "{\"build_url\": \"" + buildUrl + "\","));
    }

    private static String at(int seconds) {
        return String.format("2026-12-02 %02d:%02d:%02d.000000", 8 + seconds / 3600, (seconds / 60) % 60, seconds % 60);
    }

    @Test
    void each_tests_median_over_its_last_five_finished_runs_in_the_job() throws Exception {
        store = RunStore.open(home, RunLocator.STANDALONE);
        IngestionService service = new IngestionService(store, Clock.systemUTC(), () -> Settings.DEFAULTS, id -> "/r/" + id);
        int[][] seconds = {{100, 100}, {100, 100}, {10, 1}, {10, 2}, {12, 300}, {10, 3}, {11, 4}}; // builds 1..7
        for (int b = 0; b < seconds.length; b++) {
            build(service, "job/lab/job/nightly/" + (b + 1) + "/", seconds[b][0], seconds[b][1]);
        }
        build(service, "job/other/1/", 999, 999); // another job's times count for nothing

        List<RunSummary> jobRuns = new JobHistory(store).runsOf(service.reader().summaries(), JOB);
        Map<String, Long> medians = TestDurations.medians(jobRuns, store,
                Set.of(key(STEADY), key(SPIKY), "/lab\u0000test_new.py"));

        assertThat(medians).as("builds 3 to 7 only; one 300 s hang does not move the spiky test's median")
                .containsEntry(key(STEADY), 10_000L).containsEntry(key(SPIKY), 3_000L)
                .doesNotContainKey("/lab\u0000test_new.py");
    }

    @Test
    void the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assertThat(TestDurations.median(List.of(4L, 1L, 3L, 10L))).isEqualTo(3L);
        assertThat(TestDurations.median(List.of())).isZero();
    }

    /** The test as the job's history names it: relative to its run's folder (the master scenario's, /scenarios). */
    private static String key(Plans.File file) {
        return TestId.of("/scenarios", file.path(), file.name()).key();
    }
}
