package io.jenkins.plugins.systemtests.jenkins.steps;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Result;
import io.jenkins.plugins.systemtests.jenkins.support.NoPluginErrors;
import io.jenkins.plugins.systemtests.jenkins.support.Pipelines;
import java.nio.file.Path;
import java.util.Map;
import org.jenkins.plugins.lockableresources.LockableResource;
import org.jenkins.plugins.lockableresources.LockableResourcesManager;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * A typo must not skip the lock: {@code systemTests}, {@code runSystemTests} and {@code systemTestsEnvironmentWait}
 * fail on a parameter they do not take, naming it and the one meant, before they wait, lock or run anything.
 */
@WithJenkins
@ExtendWith(NoPluginErrors.class)
class UnknownParametersTest {
    private JenkinsRule j;
    @TempDir
    Path tmp;

    @BeforeEach
    void setUp(JenkinsRule rule) {
        j = rule;
    }

    @Test
    void system_tests_with_a_misspelt_environment_fails_and_runs_nothing() throws Exception {
        WorkflowRun build = failing("dsl", "systemTests tests: ['t/test_a.py'], enviroment: '7'");

        j.assertLogContains("systemTests: Unknown parameter 'enviroment'; did you mean 'environment'?", build);
        assertNothingRanOrLocked(build, "7");
    }

    @Test
    void system_tests_refuses_a_typo_before_it_waits_for_or_locks_a_named_environment() throws Exception {
        WorkflowRun build = failing("dsl-env",
                "systemTests tests: ['t/test_a.py'], environment: '8', waitTimeoutMinute: 5");

        j.assertLogContains("systemTests: Unknown parameter 'waitTimeoutMinute'; did you mean 'waitTimeoutMinutes'?",
                build);
        assertNothingRanOrLocked(build, "8");
    }

    @Test
    void run_system_tests_with_a_misspelt_environment_fails_and_runs_nothing() throws Exception {
        WorkflowRun build = failing("step", "runSystemTests tests: ['t/test_a.py'], enviroment: '7'");

        j.assertLogContains("runSystemTests: Unknown parameter 'enviroment'; did you mean 'environment'?", build);
        assertNothingRanOrLocked(build, "7");
    }

    @Test
    void system_tests_with_misspelt_environments_fails_and_runs_nothing() throws Exception {
        WorkflowRun build = failing("several", "systemTests tests: ['t/test_a.py'], enviroments: ['7', '8']");

        j.assertLogContains("systemTests: Unknown parameter 'enviroments'; did you mean 'environments'?", build);
        assertNothingRanOrLocked(build, "7");
    }

    @Test
    void the_wait_step_with_a_misspelt_timeout_fails_before_its_body() throws Exception {
        WorkflowRun build = failing("wait", """
                systemTestsEnvironmentWait(environment: '9', waitTimout: 1) {
                    lock(resource: 'system-test-env-9') {
                        runSystemTests tests: ['t/test_a.py']
                    }
                }
                """);

        j.assertLogContains(
                "systemTestsEnvironmentWait: Unknown parameter 'waitTimout'; did you mean 'waitTimeoutMinutes'?",
                build);
        assertNothingRanOrLocked(build, "9");
    }

    @Test
    void correct_parameters_of_all_three_still_run_the_tests() throws Exception {
        WorkflowJob job = Pipelines.job(j, "correct", Map.of("t/test_a.py", marking()), """
                def a = systemTests tests: ['t/test_a.py'], environment: '7', waitTimeoutMinutes: 5, timeoutMinutes: 5
                def b = runSystemTests tests: 't/test_a.py', timeoutMinutes: 5, unstableOn: 'failed'
                systemTestsEnvironmentWait(environment: '9', waitTimeoutMinutes: 1) {
                    lock(resource: 'system-test-env-9') {
                        echo "in the wait's body"
                    }
                }
                echo "results=${a.result},${b.result}"
                """);

        WorkflowRun build = j.buildAndAssertSuccess(job);

        j.assertLogContains("Lock acquired on [Resource: system-test-env-7]", build);
        j.assertLogContains("results=SUCCESS,SUCCESS", build);
        j.assertLogContains("in the wait's body", build);
        j.assertLogNotContains("Unknown parameter", build);
        assertThat(tmp.resolve("ran")).exists();
    }

    private WorkflowRun failing(String name, String script) throws Exception {
        WorkflowJob job = Pipelines.job(j, name, Map.of("t/test_a.py", marking()), script);
        return j.buildAndAssertStatus(Result.FAILURE, job);
    }

    /** A test that leaves a file behind when it runs. */
    private String marking() {
        return "open(r'" + tmp.resolve("ran") + "', 'w').write('ran')\n";
    }

    private void assertNothingRanOrLocked(WorkflowRun build, String environment) throws Exception {
        assertThat(tmp.resolve("ran")).doesNotExist();
        j.assertLogNotContains("Lock acquired", build);
        j.assertLogNotContains("holding test environment", build);
        j.assertLogNotContains("Exception", build);
        LockableResource resource = LockableResourcesManager.get().fromName("system-test-env-" + environment);
        assertThat(resource == null || !resource.isLocked()).isTrue();
    }
}
