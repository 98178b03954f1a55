package io.jenkins.plugins.systemtests.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.systemtests.core.config.Settings;
import io.jenkins.plugins.systemtests.core.ingest.IngestionService;
import io.jenkins.plugins.systemtests.core.model.TestRun;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.core.store.RunLocator;
import io.jenkins.plugins.systemtests.core.store.RunStore;
import io.jenkins.plugins.systemtests.core.support.FaultyDisk;
import io.jenkins.plugins.systemtests.core.support.Reliability;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner reports to a Jenkins-like endpoint on loopback that is first unreachable, then answers 503, then
 * accepts; or whose disk is full, then has room again: every message arrives once, in order, and the run ends up
 * complete.
 */
class RunnerReportingTest {
    @TempDir
    Path work;

    @Test
    void reports_wait_on_disk_while_jenkins_is_down_and_none_is_lost_or_applied_twice() throws Exception {
        Path token = work.resolve("token");
        Files.writeString(token, LoopbackEndpoint.TOKEN + "\n");
        Path spool = work.resolve("spool");

        int accepted;
        try (RunStore store = RunStore.open(work.resolve("store"), RunLocator.STANDALONE)) {
            IngestionService service = new IngestionService(store, Clock.systemUTC(), () -> Settings.DEFAULTS,
                    id -> "/runs/" + id);
            try (LoopbackEndpoint endpoint = new LoopbackEndpoint(service, 3)) {
                Process runner = new ProcessBuilder(RunnerTest.PYTHON, RunnerTest.RUNNER.toString(),
                        "sample-tests/plain/test_math_passes.py", "sample-tests/plain/test_warns.py",
                        "sample-tests/plain/test_fails.py", "--machine-name", "spooling machine",
                        "--report-to", endpoint.url(), "--user", LoopbackEndpoint.USER, "--token-file", token.toString(),
                        "--spool-dir", spool.toString(), "--drain-timeout", "60")
                        .directory(RunnerTest.BASEDIR.toFile()).redirectErrorStream(true).start();
                StringBuilder output = new StringBuilder();
                Thread reader = new Thread(() -> {
                    try {
                        output.append(new String(runner.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        output.append(e);
                    }
                });
                reader.start();

                // Jenkins is down while the tests run: the runner keeps every message in its spool.
                Thread.sleep(1500);
                endpoint.start();
                assertThat(runner.waitFor(90, TimeUnit.SECONDS)).isTrue();
                reader.join();

                assertThat(output.toString()).contains("Jenkins unreachable").contains("Jenkins answered 503");
                assertThat(runner.exitValue()).as(output.toString()).isEqualTo(1);
                assertThat(endpoint.accepted).as(output.toString()).containsExactly("dry-run", "test-start", "test-stop", "test-start",
                        "test-stop", "test-start", "test-stop");
                accepted = endpoint.accepted.size();
            }
            try (var left = Files.list(spool)) {
                assertThat(left).isEmpty();
            }
            long runId = service.reader().summaries().stream().filter(s -> s.machineName().equals("spooling machine"))
                    .mapToLong(s -> s.id()).max().orElseThrow();
            TestRun run = service.reader().read(runId, r -> r).orElseThrow();
            assertThat(run.isOngoing()).isFalse();
            assertThat(List.of(run.status(0), run.status(1), run.status(2)))
                    .containsExactly(TestStatus.PASSED, TestStatus.WARNING, TestStatus.FAILED);
            // Version 1 is the plan; each applied START or STOP adds one: anything beyond 7 was applied twice.
            assertThat(run.version()).isEqualTo(7);
            Reliability.report("runner-outage-buffering", "messages", 7, "lost", 7 - accepted,
                    "duplicatesApplied", run.version() - 7);
        }
    }

    @Test
    void reports_refused_while_the_jenkins_disk_is_full_wait_in_the_spool_and_arrive_once_it_has_room()
            throws Exception {
        Path token = work.resolve("token");
        Files.writeString(token, LoopbackEndpoint.TOKEN + "\n");
        FaultyDisk disk = new FaultyDisk();
        String machine = "rig on a full controller";
        TestRun run;
        int accepted;
        int answered503;
        long runsOfMachine;
        try (RunStore store = RunStore.open(work.resolve("store"), RunLocator.STANDALONE, disk)) {
            IngestionService service = new IngestionService(store, Clock.systemUTC(), () -> Settings.DEFAULTS,
                    id -> "/runs/" + id);
            try (LoopbackEndpoint endpoint = new LoopbackEndpoint(service, 0)) {
                endpoint.start();
                disk.fill(); // the controller's disk is full before the first report
                Process runner = new ProcessBuilder(RunnerTest.PYTHON, RunnerTest.RUNNER.toString(),
                        "sample-tests/plain/test_math_passes.py", "sample-tests/plain/test_warns.py",
                        "sample-tests/plain/test_fails.py", "--machine-name", machine,
                        "--report-to", endpoint.url(), "--user", LoopbackEndpoint.USER, "--token-file", token.toString(),
                        "--spool-dir", work.resolve("spool").toString(), "--drain-timeout", "90")
                        .directory(RunnerTest.BASEDIR.toFile()).redirectErrorStream(true).start();
                StringBuilder output = new StringBuilder();
                Thread reader = new Thread(() -> {
                    try {
                        output.append(new String(runner.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        output.append(e);
                    }
                });
                reader.start();

                // The runner is told 503 and when to come back; it comes back once at least, then space returns.
                long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (endpoint.unavailable.get() < 2 && System.nanoTime() < giveUp) {
                    Thread.sleep(100);
                }
                assertThat(endpoint.accepted).as("nothing is acknowledged while the disk is full").isEmpty();
                disk.heal();
                assertThat(runner.waitFor(120, TimeUnit.SECONDS)).isTrue();
                reader.join();

                assertThat(output.toString()).contains("Jenkins answered 503").contains("retrying in 5 s")
                        .contains("could not write the report to its disk");
                assertThat(runner.exitValue()).as(output.toString()).isEqualTo(1);
                assertThat(endpoint.accepted).as(output.toString()).containsExactly("dry-run", "test-start",
                        "test-stop", "test-start", "test-stop", "test-start", "test-stop");
                accepted = endpoint.accepted.size();
                answered503 = endpoint.unavailable.get();
            }
            try (var left = Files.list(work.resolve("spool"))) {
                assertThat(left).isEmpty();
            }
            // The DRY RUN the full disk held was written once it had room; its retry was recognised, not a new run.
            runsOfMachine = service.reader().summaries().stream().filter(s -> s.machineName().equals(machine)).count();
            assertThat(runsOfMachine).isEqualTo(1);
        }
        try (RunStore reopened = RunStore.open(work.resolve("store"), RunLocator.STANDALONE)) {
            assertThat(reopened.summaries()).hasSize(1);
            run = reopened.run(reopened.summaries().get(0).id()).orElseThrow();
        }
        assertThat(run.isOngoing()).isFalse();
        assertThat(List.of(run.status(0), run.status(1), run.status(2)))
                .containsExactly(TestStatus.PASSED, TestStatus.WARNING, TestStatus.FAILED);
        assertThat(run.version()).isEqualTo(7);
        Reliability.report("controller-disk-full", "messages", 7, "answered503", answered503, "lost", 7 - accepted,
                "duplicatesApplied", run.version() - 7, "extraRuns", runsOfMachine - 1);
    }
}
