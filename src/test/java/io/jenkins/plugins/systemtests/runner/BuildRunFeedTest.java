package io.jenkins.plugins.systemtests.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.systemtests.core.config.Settings;
import io.jenkins.plugins.systemtests.core.ingest.IngestionService;
import io.jenkins.plugins.systemtests.core.model.TestRun;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.core.runner.BuildRunFeed;
import io.jenkins.plugins.systemtests.core.runner.RunSettings;
import io.jenkins.plugins.systemtests.core.store.RunLocator;
import io.jenkins.plugins.systemtests.core.store.RunStore;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the build step does, without Jenkins: the runner runs the tests and writes its events file, and the file is
 * followed while it grows and fed into the store, so the run is live during the build and complete at its end.
 */
class BuildRunFeedTest {
    @TempDir
    Path work;

    @Test
    void a_build_follows_its_runner_live_into_the_store() throws Exception {
        Path events = work.resolve("events.jsonl");
        RunSettings settings = RunSettings.of(List.of("sample-tests/test_cases/01_lamp/*.py", "sample-tests/plain/test_fails.py"),
                "7", RunnerTest.PYTHON, 1, "target/build-run-feed-results.xml", null, null);
        List<String> command = settings.command(RunnerTest.RUNNER.toString(), events.toString(), "agent-7", "job/lab/12/");

        try (RunStore store = RunStore.open(work.resolve("store"), RunLocator.STANDALONE)) {
            IngestionService service = new IngestionService(store, Clock.systemUTC(), () -> new Settings(false, 60),
                    id -> "/runs/" + id);
            BuildRunFeed feed = new BuildRunFeed(service);
            Process runner = new ProcessBuilder(command).directory(RunnerTest.BASEDIR.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
            List<Integer> runningSeen = new ArrayList<>();
            while (runner.isAlive()) {
                follow(events, feed);
                feed.runId().flatMap(id -> service.reader().read(id, r -> r.counts().get(TestStatus.RUNNING)))
                        .ifPresent(runningSeen::add);
                Thread.sleep(50);
            }
            assertThat(runner.waitFor(60, TimeUnit.SECONDS)).isTrue();
            follow(events, feed);

            assertThat(feed.refusals()).isEmpty();
            TestRun run = service.reader().read(feed.runId().orElseThrow(), r -> r).orElseThrow();
            assertThat(run.plan().buildUrl()).isEqualTo("job/lab/12/");
            assertThat(run.summary().environment()).isEqualTo("7");
            assertThat(run.machineName()).isEqualTo("agent-7");
            assertThat(run.isOngoing()).isFalse();
            assertThat(run.testCount()).isEqualTo(6);
            assertThat(run.counts()).containsEntry(TestStatus.PASSED, 4).containsEntry(TestStatus.WARNING, 1)
                    .containsEntry(TestStatus.FAILED, 1);
            assertThat(runningSeen).as("a test was seen running while the build went on").contains(1);
            assertThat(runner.exitValue()).isEqualTo(1);
        }
    }

    private static void follow(Path events, BuildRunFeed feed) throws Exception {
        if (!Files.exists(events)) {
            return;
        }
        try (RandomAccessFile file = new RandomAccessFile(events.toFile(), "r")) {
            file.seek(feed.offset());
            byte[] buffer = new byte[8192];
            for (int n = file.read(buffer); n > 0; n = file.read(buffer)) {
                feed.accept(buffer, n);
            }
        }
    }
}
