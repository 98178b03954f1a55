package io.jenkins.plugins.systemtests.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.systemtests.core.model.RunEvent;
import io.jenkins.plugins.systemtests.core.model.TestRun;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.core.protocol.DryRun;
import io.jenkins.plugins.systemtests.core.protocol.MessageKind;
import io.jenkins.plugins.systemtests.core.protocol.MessageParser;
import io.jenkins.plugins.systemtests.core.support.Plans;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStoreRecoveryTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path home;

    private static DryRun examplePlan() throws Exception {
        return (DryRun) new MessageParser().parse(MessageKind.DRY_RUN, Plans.example("dry-run.json"));
    }

    @Test
    void a_torn_last_record_is_cut_and_everything_before_it_kept() throws Exception {
        TestRun before;
        try (RunStore store = RunStore.open(home, RunLocator.STANDALONE)) {
            RunStore.Created created = store.create(examplePlan(), NOW);
            created.durable().get();
            store.append(created.run(), new RunEvent.Started(0, LocalDateTime.of(2018, 12, 30, 13, 2), NOW)).get();
            before = created.run();
        }
        Path log = home.resolve("runs/0/1/events.log");
        long intact = Files.size(log);
        Files.write(log, "3f2a91c0 {\"e\":\"stopped\",\"i\":0,\"s\":\"pas".getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);

        try (RunStore store = RunStore.open(home, RunLocator.STANDALONE)) {
            TestRun after = store.run(1).orElseThrow();
            assertThat(after).isEqualTo(before);
            assertThat(after.status(0)).isEqualTo(TestStatus.RUNNING);
            assertThat(Files.size(log)).isEqualTo(intact);
            store.append(after, new RunEvent.Stopped(0, TestStatus.PASSED, LocalDateTime.of(2018, 12, 30, 13, 3), NOW))
                    .get();
        }
        try (RunStore store = RunStore.open(home, RunLocator.STANDALONE)) {
            assertThat(store.run(1).orElseThrow().status(0)).isEqualTo(TestStatus.PASSED);
        }
    }

    @Test
    void the_journal_restores_what_a_crash_kept_from_the_run_logs_and_the_index() throws Exception {
        RunStore crashed = RunStore.open(home, RunLocator.STANDALONE);
        RunStore.Created created = crashed.create(examplePlan(), NOW);
        created.durable().get();
        crashed.append(created.run(), new RunEvent.Started(0, LocalDateTime.of(2018, 12, 30, 13, 2), NOW)).get();
        crashed.append(created.run(),
                new RunEvent.Stopped(0, TestStatus.WARNING, LocalDateTime.of(2018, 12, 30, 13, 3), NOW)).get();
        TestRun before = created.run();
        // No close: as after a power cut, the run log and the index lose what was never forced to them.
        Files.write(home.resolve("runs/0/1/events.log"), new byte[0]);
        Files.write(home.resolve("runs.index"), new byte[0]);

        try (RunStore store = RunStore.open(home, RunLocator.STANDALONE)) {
            TestRun after = store.run(1).orElseThrow();
            assertThat(after).isEqualTo(before);
            assertThat(after.status(0)).isEqualTo(TestStatus.WARNING);
            RunStore.Created next = store.create(examplePlan(), NOW);
            assertThat(next.run().id()).isEqualTo(2);
        }
    }

    @Test
    void a_corrupt_record_is_detected_by_its_checksum() throws Exception {
        try (RunStore store = RunStore.open(home, RunLocator.STANDALONE)) {
            RunStore.Created created = store.create(examplePlan(), NOW);
            created.durable().get();
            store.append(created.run(), new RunEvent.Started(2, LocalDateTime.of(2018, 12, 30, 13, 2), NOW)).get();
        }
        Path log = home.resolve("runs/0/1/events.log");
        String text = Files.readString(log).replace("\"i\":2", "\"i\":3");
        Files.writeString(log, text);

        try (RunStore store = RunStore.open(home, RunLocator.STANDALONE)) {
            TestRun run = store.run(1).orElseThrow();
            assertThat(run.status(2)).isEqualTo(TestStatus.WAITING);
            assertThat(run.status(3)).isEqualTo(TestStatus.WAITING);
        }
    }

    @Test
    void a_finished_run_is_summarised_and_its_detail_read_only_when_asked_for() throws Exception {
        try (RunStore store = RunStore.open(home, RunLocator.STANDALONE)) {
            RunStore.Created created = store.create(examplePlan(), NOW);
            created.durable().get();
            store.end(created.run(), io.jenkins.plugins.systemtests.core.model.EndReason.ABORTED, TestStatus.CANCELLED,
                    NOW).get();
        }
        assertThat(home.resolve("runs/0/1/summary.json")).isRegularFile();

        try (RunStore store = RunStore.open(home, RunLocator.STANDALONE)) {
            assertThat(store.ongoingRuns()).isEmpty();
            assertThat(store.summary(1).orElseThrow().counts()).containsEntry(TestStatus.CANCELLED, 4);
            assertThat(store.summary(1).orElseThrow().status()).isEqualTo(TestStatus.CANCELLED);
            assertThat(store.run(1).orElseThrow().status(3)).isEqualTo(TestStatus.CANCELLED);
        }
    }

    @Test
    void runs_of_one_plan_finishing_at_once_on_many_threads_all_get_their_results() throws Exception {
        try (RunStore store = RunStore.open(home, RunLocator.STANDALONE)) {
            List<TestRun> runs = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                RunStore.Created created = store.create(examplePlan(), NOW);
                created.durable().get();
                runs.add(created.run());
            }
            java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(runs.size());
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(runs.size());
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (TestRun run : runs) {
                done.add(pool.submit(() -> {
                    together.await();
                    synchronized (run) { // one writer per run, as the ingestion service guarantees
                        store.end(run, io.jenkins.plugins.systemtests.core.model.EndReason.ABORTED,
                                TestStatus.CANCELLED, NOW).get();
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            for (TestRun run : runs) {
                assertThat(store.results(run.id())).as("results of run %s", run.id()).isPresent();
            }
            try (var plans = Files.list(home.resolve("plans"))) {
                assertThat(plans.map(p -> p.getFileName().toString())).hasSize(1).allMatch(n -> n.endsWith(".json"));
            }
        }
    }

    @Test
    void a_run_attached_to_a_build_lives_in_the_build_directory() throws Exception {
        Path buildDir = home.resolve("jobs/lab/builds/7/system-tests");
        RunLocator locator = (id, plan) -> Optional.ofNullable(plan.buildUrl()).map(url -> buildDir);
        DryRun plan = examplePlan();
        DryRun attached = new DryRun(plan.machineName(), plan.timestamp(), plan.masterScenario(), plan.scenarios(),
                "job/lab/7/");
        Path storeRoot = home.resolve("system-tests");
        try (RunStore store = RunStore.open(storeRoot, locator)) {
            store.create(attached, NOW).durable().get();
        }
        assertThat(buildDir.resolve("events.log")).isRegularFile();

        try (RunStore store = RunStore.open(storeRoot, locator)) {
            assertThat(store.run(1).orElseThrow().plan().buildUrl()).isEqualTo("job/lab/7/");
        }
    }
}
