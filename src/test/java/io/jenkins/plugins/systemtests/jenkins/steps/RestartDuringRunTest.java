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
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * A controller restart while {@code systemTests} runs. Today the step cannot follow the runner across a restart:
 * the build ends FAILURE with a message saying so, its run is ended, and the environment is free again. (Resuming
 * the run is the durable-runs issue; this test then changes to expect the verdict of the finished tests.)
 */
class RestartDuringRunTest {
    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @TempDir
    Path tmp;

    @Test
    void a_restart_mid_run_ends_the_build_with_a_clear_message_and_frees_the_environment() throws Throwable {
        Path started = tmp.resolve("started");
        sessions.then(j -> {
            WorkflowJob job = Pipelines.job(j, "long", Map.of("t/test_long.py", """
                    import pathlib, time
                    pathlib.Path('%s').write_text('started')
                    time.sleep(20)
                    """.formatted(started)), "systemTests tests: 't/test_long.py', environment: '4'");
            WorkflowRun build = job.scheduleBuild2(0).waitForStart();
            await(Duration.ofSeconds(60), "the test to start", () -> Files.exists(started));
            j.waitForMessage("START   t/test_long.py", build);
        });
        sessions.then(j -> {
            WorkflowRun build = j.jenkins.getItemByFullName("long", WorkflowJob.class).getBuildByNumber(1);
            j.waitForCompletion(build);
            j.assertBuildStatus(Result.FAILURE, build);
            j.assertLogContains("Jenkins restarted while the tests ran", build);
            assertThat(LockableResourcesManager.get().fromName("system-test-env-4").isLocked()).isFalse();
            awaitQuiet(j);
        });
    }

    /** The runner of the first session's build ran on in this JVM's machine; let it finish before the home goes. */
    private static void awaitQuiet(JenkinsRule j) throws InterruptedException {
        Thread.sleep(1000);
    }
}
