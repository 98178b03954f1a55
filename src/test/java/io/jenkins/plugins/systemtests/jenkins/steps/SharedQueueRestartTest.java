package io.jenkins.plugins.systemtests.jenkins.steps;

import static io.jenkins.plugins.systemtests.jenkins.support.Pipelines.await;
import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Result;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import io.jenkins.plugins.systemtests.jenkins.support.Pipelines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkins.plugins.lockableresources.LockableResourcesManager;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * A controller restart while several environments share one queue: the runners go on, the step's saved queue goes on
 * handing out the rest, and the build ends with one run of every test.
 */
class SharedQueueRestartTest {
    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @TempDir
    Path tmp;

    @Test
    void the_queue_goes_on_across_a_controller_restart() throws Throwable {
        Path started = tmp.resolve("started");
        sessions.then(j -> {
            Map<String, String> tests = new LinkedHashMap<>();
            tests.put("t/test_a_long.py", "import pathlib, time\npathlib.Path('" + started
                    + "').write_text('started')\ntime.sleep(6)\n");
            tests.put("t/test_b_long.py", "import time\ntime.sleep(6)\n");
            for (int i = 0; i < 4; i++) {
                tests.put("t/test_c_" + i + ".py", "import os\nprint('ran on', os.environ['SYSTEM_TESTS_ENVIRONMENT'])\n");
            }
            WorkflowJob job = Pipelines.job(j, "queue", tests, """
                    def s = systemTests tests: ['t'], environments: ['51', '52']
                    echo "after the restart: passed=${s.passed} total=${s.total}"
                    """);
            WorkflowRun build = job.scheduleBuild2(0).waitForStart();
            await(Duration.ofSeconds(60), "a long test to start", () -> Files.exists(started));
            j.waitForMessage("START   ", build);
        });
        sessions.then(j -> {
            WorkflowRun build = j.jenkins.getItemByFullName("queue", WorkflowJob.class).getBuildByNumber(1);
            j.waitForCompletion(build);
            j.assertBuildStatus(Result.SUCCESS, build);
            j.assertLogContains("System Tests: Jenkins restarted; following every environment's share again", build);
            j.assertLogContains("after the restart: passed=6 total=6", build);
            for (String resource : List.of("system-test-env-51", "system-test-env-52")) {
                assertThat(LockableResourcesManager.get().getResources().stream()
                        .filter(r -> r.getName().equals(resource)).findFirst().orElseThrow().isLocked()).isFalse();
            }
            List<RunSummary> runs = SystemTestsService.get().reader().summaries().stream()
                    .filter(s -> build.getUrl().equals(s.buildUrl())).toList();
            assertThat(runs).singleElement().satisfies(run -> assertThat(run.counts())
                    .containsEntry(TestStatus.PASSED, 6));
        });
    }
}
