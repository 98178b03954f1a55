package io.jenkins.plugins.systemtests.jenkins.environment;

import static io.jenkins.plugins.systemtests.jenkins.support.Pipelines.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.systemtests.jenkins.support.Pipelines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlPage;
import org.jenkins.plugins.lockableresources.LockableResourcesManager;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * A controller restart while a build waits for its test environment: after the restart the wait is the same one (its
 * notice still names the holder, its limit still set), and once the holder ends the waiting build gets the
 * environment, says so once, runs its tests and ends as they do.
 */
class RestartDuringWaitTest {
    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @TempDir
    Path tmp;

    @Test
    void a_build_waiting_for_its_environment_waits_on_across_a_restart_and_runs_once_the_holder_ends() throws Throwable {
        Path holding = tmp.resolve("holding");
        Path release = tmp.resolve("release");
        Path running = tmp.resolve("running");
        Path finish = tmp.resolve("finish");
        sessions.then(j -> {
            WorkflowJob holder = Pipelines.job(j, "holder", Map.of("t/test_hold.py", waitFor(holding, release)),
                    "systemTests tests: 't/test_hold.py', environment: '21'");
            WorkflowJob waiter = Pipelines.job(j, "waiter", Map.of("t/test_after.py", waitFor(running, finish)),
                    "systemTests tests: 't/test_after.py', environment: '21', waitTimeoutMinutes: 30");
            holder.scheduleBuild2(0).waitForStart();
            await(Duration.ofSeconds(60), "the holder's test to start", () -> Files.exists(holding));
            WorkflowRun waiting = waiter.scheduleBuild2(0).waitForStart();
            j.waitForMessage("System Tests: Waiting for test environment 21 (system-test-env-21)", waiting);

            assertThat(notice(j, waiting)).contains("Waiting for test environment 21").contains("locked by holder#1");
        });
        sessions.then(j -> {
            WorkflowRun held = j.jenkins.getItemByFullName("holder", WorkflowJob.class).getBuildByNumber(1);
            WorkflowRun waiting = j.jenkins.getItemByFullName("waiter", WorkflowJob.class).getBuildByNumber(1);
            assertThat(waiting.isBuilding()).isTrue();
            assertThat(notice(j, waiting)).as("the notice after the restart")
                    .contains("Waiting for test environment 21").contains("locked by holder#1").contains("gives up at");
            assertThat(statusOfTheWait(waiting)).isEqualTo("waiting for test environment 21");

            Files.writeString(release, "done");
            j.assertBuildStatusSuccess(j.waitForCompletion(held));
            await(Duration.ofSeconds(60), "the waiting build's test to start", () -> Files.exists(running));

            assertThat(statusOfTheWait(waiting)).as("runSystemTests reached the resumed wait, not a copy of it")
                    .isEqualTo("got test environment 21");
            assertThat(notice(j, waiting)).as("no notice once the build holds the environment").isEmpty();
            assertThat(waiting.getAction(EnvironmentWaitNotice.class).isWaiting()).isFalse();
            Files.writeString(finish, "done");
            j.assertBuildStatusSuccess(j.waitForCompletion(waiting));
            String log = JenkinsRule.getLog(waiting);
            assertThat(log.split("System Tests: Got test environment 21 \\(system-test-env-21\\) after ", -1))
                    .as("said once").hasSize(2);
            assertThat(log).contains("PASSED  t/test_after.py").doesNotContain("Gave up waiting");
            assertThat(LockableResourcesManager.get().fromName("system-test-env-21").isLocked()).isFalse();
        });
    }

    /** A test that marks that it started, then waits (three minutes at most) for the test to let it end. */
    private static String waitFor(Path started, Path release) {
        return """
                import pathlib, time
                pathlib.Path('%s').write_text('started')
                deadline = time.time() + 180
                while not pathlib.Path('%s').exists() and time.time() < deadline:
                    time.sleep(0.2)
                """.formatted(started, release);
    }

    /** The wait notice on the build's System Tests page, as rendered; empty when there is none. */
    private static String notice(JenkinsRule j, WorkflowRun build) throws Exception {
        try (JenkinsRule.WebClient web = j.createWebClient()) {
            web.getOptions().setJavaScriptEnabled(false);
            HtmlPage page = web.getPage(build, "system-tests/");
            DomNode notice = page.querySelector("[data-system-tests-waiting]");
            return notice == null ? "" : notice.getTextContent().trim();
        }
    }

    /** The status of the build's running systemTestsEnvironmentWait, as workflow-cps holds it. */
    private static String statusOfTheWait(WorkflowRun build) throws Exception {
        List<StepExecution> executions = build.getExecution().getCurrentExecutions(false).get(30, TimeUnit.SECONDS);
        return executions.stream().filter(EnvironmentWaitStepExecution.class::isInstance).map(StepExecution::getStatus)
                .findFirst().orElse("no wait");
    }
}
