package io.jenkins.plugins.systemtests.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Process hygiene: a stopped runner ends its running test's whole process tree and still writes what it has; a test
 * leaves no process behind; no process of a run outlives the runner.
 */
@EnabledOnOs(OS.LINUX)
class RunnerHygieneTest extends RunnerFixture {
    /** Every process a test here starts carries this marker in its command line, so the test can find them. */
    private final String marker = "system-tests-hygiene-" + UUID.randomUUID();
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void endWhatIsLeft() {
        processesWithMarker().forEach(ProcessHandle::destroyForcibly);
        started.forEach(Process::destroyForcibly);
    }

    private List<ProcessHandle> processesWithMarker() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(marker))
                .filter(p -> !p.info().commandLine().orElse("").contains("runner.py")).toList();
    }

    /** A shell line for a test script that starts a process sleeping with the marker, optionally in a new session. */
    private String startsSleeper(boolean newSession) {
        return "import subprocess, sys\n"
                + "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)', '" + marker + "']"
                + (newSession ? ", start_new_session=True" : "") + ")\n";
    }

    private Process startRunner(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PYTHON, RUNNER.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--events", work.resolve("events.jsonl").toString(), "--kill-grace", "1"));
        Process runner = new ProcessBuilder(command).directory(BASEDIR.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("console.txt").toFile()).start();
        started.add(runner);
        return runner;
    }

    private String console() throws Exception {
        return Files.readString(work.resolve("console.txt"), StandardCharsets.UTF_8);
    }

    private void awaitConsole(String text) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!console().contains(text)) {
            assertThat(Instant.now()).as("waiting for '%s' in:%n%s", text, console()).isBefore(deadline);
            Thread.sleep(50);
        }
    }

    private Path suite(Map<String, String> files) throws Exception {
        Path suite = Files.createDirectories(work.resolve("suite"));
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(suite.resolve(file.getKey()), file.getValue());
        }
        return suite;
    }

    @Test
    void sigterm_ends_the_running_tests_whole_tree_cancels_the_rest_writes_junit_and_exits_143() throws Exception {
        Path suite = suite(Map.of(
                "test_a_long.py", startsSleeper(false) + startsSleeper(true)
                        + "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
                        + "print('rig busy', flush=True)\ntime.sleep(600)\n",
                "test_b_next.py", "print('never runs')\n"));
        Path junit = work.resolve("junit.xml");
        Process runner = startRunner(suite.toString(), "--junit", junit.toString());
        awaitConsole("START   ");
        Thread.sleep(1000);
        assertThat(processesWithMarker()).hasSize(2);

        runner.toHandle().destroy(); // SIGTERM

        assertThat(runner.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(runner.exitValue()).isEqualTo(143);
        assertThat(console()).contains("CANCELLED").contains("stopped by SIGTERM")
                .contains("not run: the runner was stopped by SIGTERM").doesNotContain("Traceback");
        assertThat(Files.readString(junit)).contains("<error message=\"stopped by SIGTERM\" type=\"cancelled\"")
                .contains("name=\"test_b_next.py\"");
        assertThat(processesWithMarker()).isEmpty();
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("")
                .contains(suite.resolve("test_a_long.py").toString()))).isEmpty();
    }

    @Test
    void ctrl_c_stops_the_same_way_without_a_traceback_and_exits_130() throws Exception {
        Path suite = suite(Map.of("test_long.py", "import time\nprint('busy', flush=True)\ntime.sleep(600)\n"));
        Process runner = startRunner(suite.toString(), "--junit", work.resolve("junit.xml").toString());
        awaitConsole("START   ");

        new ProcessBuilder("kill", "-INT", Long.toString(runner.pid())).start().waitFor();

        assertThat(runner.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(runner.exitValue()).isEqualTo(130);
        assertThat(console()).contains("stopped by SIGINT").doesNotContain("Traceback")
                .doesNotContain("KeyboardInterrupt");
        assertThat(work.resolve("junit.xml")).content().contains("type=\"cancelled\"");
    }

    @Test
    void processes_a_passing_test_leaves_behind_are_ended_when_it_ends_even_in_a_new_session() throws Exception {
        Path suite = suite(Map.of("test_a_leaves.py", startsSleeper(false) + startsSleeper(true) + "print('done')\n",
                "test_b_checks.py", "import time\ntime.sleep(1)\n"));

        Process runner = startRunner(suite.toString(), "--logs-dir", work.resolve("logs").toString());

        assertThat(runner.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(runner.exitValue()).as(console()).isZero();
        assertThat(work.resolve("logs/0.log")).content().contains("System Tests: ended 2 processes left running");
        assertThat(processesWithMarker()).isEmpty();
    }

    @Test
    void with_keep_test_processes_they_run_on_until_the_runner_ends() throws Exception {
        Path suite = suite(Map.of("test_a_daemon.py", startsSleeper(true),
                "test_b_uses_daemon.py", "import time\ntime.sleep(1.5)\n"));

        Process runner = startRunner(suite.toString(), "--keep-test-processes");
        awaitConsole("START   " + suite.resolve("test_b_uses_daemon.py"));
        List<ProcessHandle> whileRunning = processesWithMarker();

        assertThat(runner.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(whileRunning).as("the daemon lives while later tests run").hasSize(1);
        assertThat(console()).contains("System Tests: ended 1 process left running");
        assertThat(processesWithMarker()).isEmpty();
    }
}
