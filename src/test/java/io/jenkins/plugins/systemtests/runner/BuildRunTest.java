package io.jenkins.plugins.systemtests.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.systemtests.core.config.Settings;
import io.jenkins.plugins.systemtests.core.ingest.IngestionService;
import io.jenkins.plugins.systemtests.core.library.TestLibrary;
import io.jenkins.plugins.systemtests.core.model.EndReason;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.core.runner.BuildRun;
import io.jenkins.plugins.systemtests.core.runner.RunSettings;
import io.jenkins.plugins.systemtests.core.runner.Verdict;
import io.jenkins.plugins.systemtests.core.secrets.SecretEnvironment;
import io.jenkins.plugins.systemtests.core.secrets.SecretMasker;
import io.jenkins.plugins.systemtests.core.store.RunLocator;
import io.jenkins.plugins.systemtests.core.store.RunStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build's run from start to verdict without Jenkins: the shipped runner started detached by the real launch script
 * on this machine (a local {@link BuildRun.Agent}), followed by polls, saved and restored in the middle as across a
 * controller restart, aborted with a TERM-ignoring child.
 */
class BuildRunTest {
    @TempDir
    Path workspace;

    @Test
    void a_run_goes_from_start_to_verdict_across_a_restart_with_its_logs_kept_and_its_files_removed() throws Exception {
        Files.createDirectories(workspace.resolve("t"));
        Files.writeString(workspace.resolve("t/test_ok.py"), "import time\nprint('checked the lamp')\ntime.sleep(1)\n");
        Files.writeString(workspace.resolve("t/test_sum.py"), "assert 1 + 1 == 3, 'arithmetic'\n");
        TestLibrary library = new TestLibrary(workspace.resolve("../library-" + workspace.getFileName()));
        library.save("door", "test_door.py", "print('door')\n".getBytes(StandardCharsets.UTF_8), false);
        RunSettings settings = RunSettings.of(List.of("t/test_ok.py", "t/test_sum.py", "library:door/test_door.py"),
                "", RunnerTest.PYTHON, 1, "results.xml", null, null);
        LocalFolderAgent agent = new LocalFolderAgent(workspace);
        List<String> log = new ArrayList<>();
        StringBuilder console = new StringBuilder();

        try (RunStore store = RunStore.open(workspace.resolve("../store-" + workspace.getFileName()), RunLocator.STANDALONE)) {
            IngestionService service = new IngestionService(store, Clock.systemUTC(), () -> new Settings(false, 60),
                    id -> "/runs/" + id);
            BuildRun run = BuildRun.start(agent, settings, new BuildRun.Origin("rig-1", "job/lab/7/", "alice"), library,
                    new SecretEnvironment(), Map.of("PATH", System.getenv("PATH")), 1, log::add);
            Optional<BuildRun.Finished> finished = Optional.empty();
            boolean restarted = false;
            while (finished.isEmpty()) {
                finished = run.poll(agent, service, new SecretMasker(List.of()), settings, console::append);
                if (!restarted && run.follower().runId().isPresent()) {
                    run = JavaSerialization.roundTrip(run); // as after a controller restart
                    restarted = true;
                }
                Thread.sleep(100);
            }

            BuildRun.Finished done = finished.get();
            assertThat(restarted).isTrue();
            assertThat(done.verdict().result()).isEqualTo(Verdict.Result.UNSTABLE);
            assertThat(done.summary().counts()).containsEntry(TestStatus.PASSED, 2).containsEntry(TestStatus.FAILED, 1);
            assertThat(done.summary().startedBy()).isEqualTo("alice");
            assertThat(done.notes()).contains("System Tests: kept the output of 3 of 3 tests with the build");
            assertThat(service.reader().log(done.runId(), 0)).hasValueSatisfying(text -> assertThat(text)
                    .contains("checked the lamp"));
            assertThat(console.toString()).containsOnlyOnce("PASSED  t/test_ok.py").contains("FAILED  t/test_sum.py");
            assertThat(log).anyMatch(line -> line.startsWith("System Tests: library:door/test_door.py copied to "));
            assertThat(service.reader().summaries()).hasSize(1);
            try (Stream<Path> left = Files.list(agent.folder)) {
                assertThat(left.map(p -> p.getFileName().toString()))
                        .noneMatch(name -> name.startsWith("console-") || name.startsWith("events-")
                                || name.startsWith("exit-") || name.startsWith("logs-"));
            }
        }
    }

    @Test
    void pytest_tests_run_on_the_agent_with_the_shipped_plugin_from_the_workspace_and_skips_leave_the_build_stable()
            throws Exception {
        Files.createDirectories(workspace.resolve("tests/data"));
        Files.writeString(workspace.resolve("tests/data/rig.txt"), "rig-7");
        Files.writeString(workspace.resolve("tests/test_rig.py"), """
                import pytest

                def test_reads_a_path_relative_to_the_workspace():
                    assert open('tests/data/rig.txt').read() == 'rig-7'

                @pytest.mark.skip(reason='no door on this rig')
                def test_door():
                    pass
                """);
        RunSettings settings = RunSettings.of(List.of("tests"), "", RunnerTest.PYTHON, 1, "results.xml", null, null);
        LocalFolderAgent agent = new LocalFolderAgent(workspace);

        try (RunStore store = RunStore.open(workspace.resolve("../store-" + workspace.getFileName()), RunLocator.STANDALONE)) {
            IngestionService service = new IngestionService(store, Clock.systemUTC(), () -> new Settings(false, 60),
                    id -> "/runs/" + id);
            BuildRun run = BuildRun.start(agent, settings, new BuildRun.Origin("rig-3", null, null), null,
                    new SecretEnvironment(), Map.of("PATH", System.getenv("PATH")), 1, line -> { });
            Optional<BuildRun.Finished> finished = Optional.empty();
            StringBuilder console = new StringBuilder();
            while (finished.isEmpty()) {
                finished = run.poll(agent, service, new SecretMasker(List.of()), settings, console::append);
                Thread.sleep(100);
            }

            assertThat(agent.folder.resolve("pytest_plugin/system_tests_pytest_plugin.py")).exists();
            BuildRun.Finished done = finished.get();
            assertThat(done.summary().counts()).as(console.toString()).containsEntry(TestStatus.PASSED, 1)
                    .containsEntry(TestStatus.SKIPPED, 1);
            assertThat(done.summary().outcome()).isEqualTo("success");
            assertThat(done.verdict().result()).isEqualTo(Verdict.Result.SUCCESS);
            assertThat(Files.readString(workspace.resolve("results.xml")))
                    .contains("<testcase classname=\"tests.test_rig\" name=\"test_door\"")
                    .contains("<skipped message=\"no door on this rig\" type=\"pytest.skip\"/>");
        }
    }

    @Test
    void abort_ends_every_process_of_the_run_and_cancels_what_did_not_finish() throws Exception {
        Path pidFile = workspace.resolve("child.pid");
        Files.createDirectories(workspace.resolve("t"));
        Files.writeString(workspace.resolve("t/test_hangs.py"), """
                import pathlib, subprocess, time
                child = subprocess.Popen(['sh', '-c', 'trap "" TERM; sleep 1000'])
                pathlib.Path('%s').write_text(str(child.pid))
                time.sleep(1000)
                """.formatted(pidFile));
        RunSettings settings = RunSettings.of(List.of("t/test_hangs.py"), "", RunnerTest.PYTHON, 1, "results.xml",
                null, null);
        LocalFolderAgent agent = new LocalFolderAgent(workspace);

        try (RunStore store = RunStore.open(workspace.resolve("../store-" + workspace.getFileName()), RunLocator.STANDALONE)) {
            IngestionService service = new IngestionService(store, Clock.systemUTC(), () -> new Settings(false, 60),
                    id -> "/runs/" + id);
            BuildRun run = BuildRun.start(agent, settings, new BuildRun.Origin("rig-2", null, null), null,
                    new SecretEnvironment(), Map.of("PATH", System.getenv("PATH")), 1, line -> { });
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!Files.exists(pidFile) || Files.readString(pidFile).isBlank()) {
                run.poll(agent, service, new SecretMasker(List.of()), settings, text -> { });
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(100);
            }
            long child = Long.parseLong(Files.readString(pidFile).trim());

            List<String> notes = run.abort(agent, service);

            assertThat(ProcessHandle.of(child).map(LocalFolderAgent::running).orElse(false)).isFalse();
            assertThat(notes).contains("System Tests: aborted; unfinished tests are cancelled");
            RunSummary summary = service.reader().summary(run.follower().runId().orElseThrow()).orElseThrow();
            assertThat(summary.endReason()).isEqualTo(EndReason.ABORTED);
            assertThat(summary.counts()).containsEntry(TestStatus.CANCELLED, 1);
        }
    }

    @Test
    void a_runner_killed_with_its_whole_process_tree_is_noticed_by_its_heartbeat_and_its_tests_end_as_error()
            throws Exception {
        Path pidFile = workspace.resolve("long.pid");
        Files.createDirectories(workspace.resolve("t"));
        Files.writeString(workspace.resolve("t/test_quick.py"), "print('quick')\n");
        Files.writeString(workspace.resolve("t/test_long.py"), """
                import os, pathlib, time
                pathlib.Path('%s').write_text(str(os.getpid()))
                time.sleep(1000)
                """.formatted(pidFile));
        Files.writeString(workspace.resolve("t/test_later.py"), "print('later')\n");
        RunSettings settings = RunSettings.of(List.of("t/test_quick.py", "t/test_long.py", "t/test_later.py"), "",
                RunnerTest.PYTHON, 1, "results.xml", null, null);
        LocalFolderAgent agent = new LocalFolderAgent(workspace);
        SecretMasker masker = new SecretMasker(List.of());

        try (RunStore store = RunStore.open(workspace.resolve("../store-" + workspace.getFileName()), RunLocator.STANDALONE)) {
            IngestionService service = new IngestionService(store, Clock.systemUTC(), () -> new Settings(false, 60),
                    id -> "/runs/" + id);
            BuildRun run = BuildRun.start(agent, settings, new BuildRun.Origin("rig-3", "job/lab/9/", null), null,
                    new SecretEnvironment(), Map.of("PATH", System.getenv("PATH")), 1, line -> { });
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!Files.exists(pidFile) || Files.readString(pidFile).isBlank()) {
                assertThat(run.poll(agent, service, masker, settings, text -> { }, Duration.ofSeconds(3))).isEmpty();
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(100);
            }

            // The machine goes down: every process of the run dies at once, no one writes an exit code.
            int killed = agent.killAll(BuildRun.RUN_COOKIE, run.id());
            long killedAt = System.nanoTime();
            Optional<BuildRun.Finished> finished = Optional.empty();
            while (finished.isEmpty()) {
                finished = run.poll(agent, service, masker, settings, text -> { }, Duration.ofSeconds(3));
                assertThat(System.nanoTime() - killedAt).isLessThan(20_000_000_000L);
                Thread.sleep(200);
            }

            assertThat(killed).isGreaterThanOrEqualTo(3); // the launcher, its heartbeat, the runner, the test
            BuildRun.Finished done = finished.get();
            assertThat(done.notes()).anyMatch(note -> note.contains(BuildRun.RUNNER_GONE));
            assertThat(done.summary().counts()).containsEntry(TestStatus.PASSED, 1).containsEntry(TestStatus.ERROR, 2);
            assertThat(done.verdict().result()).isEqualTo(Verdict.Result.UNSTABLE); // errors, as the settings say
            List<String> reasons = service.reader().read(done.runId(),
                    r -> List.of(String.valueOf(r.reason(1)), String.valueOf(r.reason(2)))).orElseThrow();
            assertThat(reasons).containsExactly(BuildRun.RUNNER_GONE, "not run: " + BuildRun.RUNNER_GONE);
            try (Stream<Path> left = Files.list(agent.folder)) {
                assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("heartbeat-"));
            }
        }
    }

    @Test
    void a_live_runner_keeps_its_heartbeat_and_is_never_taken_for_gone() throws Exception {
        Files.createDirectories(workspace.resolve("t"));
        Files.writeString(workspace.resolve("t/test_slow.py"), "import time\ntime.sleep(12)\n");
        RunSettings settings = RunSettings.of(List.of("t/test_slow.py"), "", RunnerTest.PYTHON, 1, "results.xml",
                null, null);
        LocalFolderAgent agent = new LocalFolderAgent(workspace);

        try (RunStore store = RunStore.open(workspace.resolve("../store-" + workspace.getFileName()), RunLocator.STANDALONE)) {
            IngestionService service = new IngestionService(store, Clock.systemUTC(), () -> new Settings(false, 60),
                    id -> "/runs/" + id);
            BuildRun run = BuildRun.start(agent, settings, new BuildRun.Origin("rig-4", null, null), null,
                    new SecretEnvironment(), Map.of("PATH", System.getenv("PATH")), 1, line -> { });
            Optional<BuildRun.Finished> finished = Optional.empty();
            while (finished.isEmpty()) { // a 12 s test, judged gone after 8 s of an unchanged heartbeat: never
                finished = run.poll(agent, service, new SecretMasker(List.of()), settings, text -> { },
                        Duration.ofSeconds(8));
                Thread.sleep(500);
            }

            assertThat(finished.get().notes()).noneMatch(note -> note.contains(BuildRun.RUNNER_GONE));
            assertThat(finished.get().summary().counts()).containsEntry(TestStatus.PASSED, 1);
        }
    }
}
