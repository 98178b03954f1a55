package io.jenkins.plugins.systemtests.jenkins.steps;

import static io.jenkins.plugins.systemtests.jenkins.support.Pipelines.await;
import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Result;
import io.jenkins.plugins.systemtests.jenkins.support.Pipelines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jenkins.plugins.lockableresources.LockableResourcesManager;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * A controller restart while {@code systemTests} runs: the tests go on on the agent, the step follows them again after
 * the restart, takes the events it missed, and the build ends with the verdict of all of them.
 */
class RestartDuringRunTest {
    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @TempDir
    Path tmp;

    @Test
    void a_run_goes_on_across_a_controller_restart_and_the_build_ends_with_its_verdict() throws Throwable {
        Path started = tmp.resolve("started");
        sessions.then(j -> {
            WorkflowJob job = Pipelines.job(j, "long", Map.of("t/test_long.py", """
                    import pathlib, time
                    pathlib.Path('%s').write_text('started')
                    time.sleep(8)
                    print('the long test ended')
                    """.formatted(started), "t/test_after.py", "assert 1 + 1 == 3, 'arithmetic'\n"), """
                    def s = systemTests tests: ['t/test_long.py', 't/test_after.py'], environment: '4'
                    echo "after the restart: passed=${s.passed} failed=${s.failed} total=${s.total}"
                    """);
            WorkflowRun build = job.scheduleBuild2(0).waitForStart();
            await(Duration.ofSeconds(60), "the test to start", () -> Files.exists(started));
            j.waitForMessage("START   ", build);
        });
        sessions.then(j -> {
            WorkflowRun build = j.jenkins.getItemByFullName("long", WorkflowJob.class).getBuildByNumber(1);
            j.waitForCompletion(build);
            j.assertBuildStatus(Result.UNSTABLE, build);
            j.assertLogContains("System Tests: Jenkins restarted; following the tests again", build);
            j.assertLogContains("PASSED  t/test_long.py", build);
            j.assertLogContains("FAILED  t/test_after.py", build);
            j.assertLogContains("after the restart: passed=1 failed=1 total=2", build);
            assertThat(LockableResourcesManager.get().fromName("system-test-env-4").isLocked()).isFalse();
            String kept = io.jenkins.plugins.systemtests.jenkins.SystemTestsService.get().reader()
                    .log(lastRunId(), 0).orElseThrow();
            assertThat(kept).contains("the long test ended");
        });
    }

    private static long lastRunId() throws Exception {
        return io.jenkins.plugins.systemtests.jenkins.SystemTestsService.get().reader().summaries().stream()
                .mapToLong(summary -> summary.id()).max().orElseThrow();
    }

    @Test
    void a_freestyle_build_cannot_resume_so_its_tests_are_ended_and_it_says_why() throws Throwable {
        Path pidFile = tmp.resolve("test.pid");
        sessions.then(j -> {
            hudson.model.FreeStyleProject project = j.createFreeStyleProject("freestyle-long");
            // From the library: the job is saved and loaded again, so it holds only steps that can be.
            io.jenkins.plugins.systemtests.jenkins.SystemTestsService.get().library().save("rig", "test_long.py", """
                    import os, pathlib, time
                    pathlib.Path('%s').write_text(str(os.getpid()))
                    time.sleep(60)
                    """.formatted(pidFile).getBytes(java.nio.charset.StandardCharsets.UTF_8), false);
            project.getBuildersList().add(new SystemTestsBuilder("library:rig/test_long.py"));
            hudson.model.FreeStyleBuild build = project.scheduleBuild2(0).waitForStart();
            j.waitForMessage("START   ", build);
            await(Duration.ofSeconds(30), "the test to start", () -> Files.exists(pidFile));
        });
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        await(Duration.ofSeconds(10), "the test process " + pid + " to be ended with its build",
                () -> !io.jenkins.plugins.systemtests.jenkins.support.Pipelines.isRunning(pid));
        sessions.then(j -> {
            hudson.model.FreeStyleBuild build = j.jenkins.getItemByFullName("freestyle-long",
                    hudson.model.FreeStyleProject.class).getBuildByNumber(1);
            assertThat(build.isBuilding()).isFalse();
            assertThat(build.getResult()).isIn(Result.ABORTED, Result.FAILURE);
            j.assertLogContains("System Tests: Jenkins is stopping, and a freestyle build cannot go on after a restart",
                    build);
        });
    }
}
