package io.jenkins.plugins.systemtests.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.systemtests.core.config.Settings;
import io.jenkins.plugins.systemtests.core.ingest.IngestionService;
import io.jenkins.plugins.systemtests.core.model.TestRun;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.core.runner.RunFollower;
import io.jenkins.plugins.systemtests.core.runner.RunFollower.RunFile;
import io.jenkins.plugins.systemtests.core.runner.RunSettings;
import io.jenkins.plugins.systemtests.core.store.RunLocator;
import io.jenkins.plugins.systemtests.core.store.RunStore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build's runner run detached, as the Pipeline step runs it: console, events and exit code in files, followed by
 * polls; the follower saved and restored in the middle (a controller restart) goes on from where it was.
 */
class RunFollowerTest {
    @TempDir
    Path work;

    @Test
    void a_detached_run_is_followed_across_a_restart_of_its_follower_to_the_end_with_nothing_twice() throws Exception {
        Path console = work.resolve("console.log");
        Path events = work.resolve("events.jsonl");
        Path exit = work.resolve("exit-code");
        Path tests = Files.createDirectories(work.resolve("t"));
        Files.writeString(tests.resolve("test_passes.py"), "print('fine')\n");
        Files.writeString(tests.resolve("test_slow.py"), "import time\nprint('slow one')\ntime.sleep(1.5)\n");
        Files.writeString(tests.resolve("test_fails.py"), "assert 1 + 1 == 3, 'arithmetic'\n");
        RunSettings settings = RunSettings.of(List.of("t/test_passes.py", "t/test_slow.py", "t/test_fails.py"), "",
                RunnerTest.PYTHON, 1, "junit.xml", null, null);
        List<String> command = new ArrayList<>(List.of("sh", "-c",
                "\"$@\" > \"" + console + "\" 2>&1; echo $? > \"" + exit + ".tmp\"; mv \"" + exit + ".tmp\" \"" + exit + "\"",
                "detached"));
        command.addAll(settings.command(RunnerTest.RUNNER.toString(), events.toString(), "rig-1", "job/lab/3/"));
        RunFollower.RunFiles files = new LocalFiles(console, events, exit);

        try (RunStore store = RunStore.open(work.resolve("store"), RunLocator.STANDALONE)) {
            IngestionService service = new IngestionService(store, Clock.systemUTC(), () -> new Settings(false, 60),
                    id -> "/runs/" + id);
            StringBuilder log = new StringBuilder();
            RunFollower follower = new RunFollower();
            Process runner = new ProcessBuilder(command).directory(work.toFile()).start();

            boolean restarted = false;
            Optional<Integer> exitCode = Optional.empty();
            while (exitCode.isEmpty()) {
                exitCode = follower.poll(files, service, log::append);
                if (!restarted && follower.runId().isPresent()
                        && service.reader().read(follower.runId().get(), r -> r.counts().get(TestStatus.RUNNING)).orElse(0) > 0) {
                    follower = JavaSerialization.roundTrip(follower); // as after a controller restart
                    restarted = true;
                }
                Thread.sleep(100);
            }
            assertThat(runner.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertThat(restarted).isTrue();
            assertThat(exitCode).contains(1);
            assertThat(follower.refusals()).isEmpty();
            assertThat(log.toString()).isEqualTo(Files.readString(console));
            assertThat(log.toString()).containsOnlyOnce("PASSED  t/test_passes.py")
                    .containsOnlyOnce("PASSED  t/test_slow.py").containsOnlyOnce("FAILED  t/test_fails.py");
            assertThat(service.reader().summaries()).hasSize(1);
            TestRun run = service.reader().read(follower.runId().orElseThrow(), r -> r).orElseThrow();
            assertThat(run.isOngoing()).isFalse();
            assertThat(run.counts()).containsEntry(TestStatus.PASSED, 2).containsEntry(TestStatus.FAILED, 1);
        }
    }

    @Test
    void an_event_line_longer_than_one_read_is_taken_whole() throws Exception {
        Path events = work.resolve("events.jsonl");
        Path console = Files.writeString(work.resolve("console.log"), "");
        Path exit = Files.writeString(work.resolve("exit-code"), "0\n");
        String script = "x".repeat(3 * 1024 * 1024);
        Files.writeString(events, "{\"kind\": \"dry-run\", \"message\": {\"machine_name\": \"rig\", \"timestamp\": "
                + "\"2018-12-30 13:01:57.461401\", \"build_url\": \"job/lab/4/\", \"master_scenario\": {\"file_path\": \"/s\", "
                + "\"file_name\": \"m.py\", \"script\": \"\", \"scenarios\": [{\"file_path\": \"/s\", \"file_name\": \"a.py\", "
                + "\"script\": \"\", \"tests\": [{\"file_path\": \"/t\", \"file_name\": \"t.py\", \"script\": \"" + script
                + "\"}]}]}}}\n");

        try (RunStore store = RunStore.open(work.resolve("store"), RunLocator.STANDALONE)) {
            IngestionService service = new IngestionService(store, Clock.systemUTC(), () -> new Settings(false, 60),
                    id -> "/runs/" + id);
            RunFollower follower = new RunFollower();

            assertThat(follower.poll(new LocalFiles(console, events, exit), service, text -> { })).contains(0);

            assertThat(follower.runId()).isPresent();
            assertThat(follower.eventsOffset()).isEqualTo(Files.size(events));
        }
    }

    /** The run's files on this machine, as the Jenkins side reads them on an agent. */
    private record LocalFiles(Path console, Path events, Path exit) implements RunFollower.RunFiles {
        @Override
        public byte[] read(RunFile file, long offset, int max) throws IOException {
            Path path = file == RunFile.CONSOLE ? console : events;
            if (!Files.exists(path)) {
                return new byte[0];
            }
            try (RandomAccessFile in = new RandomAccessFile(path.toFile(), "r")) {
                long available = Math.max(0, in.length() - offset);
                byte[] bytes = new byte[(int) Math.min(max, available)];
                in.seek(offset);
                in.readFully(bytes);
                return bytes;
            }
        }

        @Override
        public Optional<Integer> exitCode() throws IOException {
            return Files.exists(exit) ? Optional.of(Integer.parseInt(Files.readString(exit).trim())) : Optional.empty();
        }
    }
}
