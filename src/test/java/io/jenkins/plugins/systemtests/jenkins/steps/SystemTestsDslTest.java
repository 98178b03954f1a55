package io.jenkins.plugins.systemtests.jenkins.steps;

import static io.jenkins.plugins.systemtests.jenkins.support.Pipelines.await;
import static io.jenkins.plugins.systemtests.jenkins.support.Pipelines.isRunning;
import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Result;
import io.jenkins.plugins.systemtests.jenkins.support.NoPluginErrors;
import io.jenkins.plugins.systemtests.jenkins.support.Pipelines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jenkins.plugins.lockableresources.LockableResource;
import org.jenkins.plugins.lockableresources.LockableResourcesManager;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** {@code systemTests}: {@code runSystemTests} holding a test environment, one build at a time. */
@WithJenkins
@ExtendWith(NoPluginErrors.class)
class SystemTestsDslTest {
    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule rule) {
        j = rule;
    }

    @Test
    void holds_the_environment_while_the_tests_run_and_returns_the_summary() throws Exception {
        WorkflowJob job = Pipelines.job(j, "dsl", Map.of("t/test_ok.py", "print('ok')\n"), """
                def s = systemTests tests: ['t/test_ok.py'], environment: '7'
                echo "passed=${s.passed} result=${s.result}"
                """);

        WorkflowRun build = j.buildAndAssertSuccess(job);

        j.assertLogContains("Lock acquired on [Resource: system-test-env-7]", build);
        j.assertLogContains("System Tests: holding test environment 7 (system-test-env-7)", build);
        j.assertLogContains("passed=1 result=SUCCESS", build);
        assertThat(resource("system-test-env-7").isLocked()).isFalse();
    }

    @Test
    void a_declarative_pipeline_calls_it_as_a_step() throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class, "declarative");
        job.setDefinition(new CpsFlowDefinition("""
                pipeline {
                  agent any
                  stages {
                    stage('system tests') {
                      steps {
                        writeFile file: 't/test_ok.py', text: "print('ok')\\n"
                        systemTests tests: 't/test_ok.py', environment: '8'
                      }
                    }
                  }
                }
                """, true));

        WorkflowRun build = j.buildAndAssertSuccess(job);

        j.assertLogContains("holding test environment 8", build);
    }

    @Test
    void two_builds_on_one_environment_never_overlap(@TempDir Path tmp) throws Exception {
        Path trace = tmp.resolve("trace");
        String test = """
                import os, time
                def note(what):
                    with open('%s', 'a') as f:
                        f.write(what + ' ' + os.environ['JOB_NAME'] + '\\n')
                note('start')
                time.sleep(2)
                note('end')
                """.formatted(trace);
        WorkflowJob first = Pipelines.job(j, "first", Map.of("t/test_env.py", test),
                "systemTests tests: 't/test_env.py', environment: '3'");
        WorkflowJob second = Pipelines.job(j, "second", Map.of("t/test_env.py", test),
                "systemTests tests: 't/test_env.py', environment: '3'");

        WorkflowRun a = first.scheduleBuild2(0).waitForStart();
        WorkflowRun b = second.scheduleBuild2(0).waitForStart();
        j.assertBuildStatusSuccess(j.waitForCompletion(a));
        j.assertBuildStatusSuccess(j.waitForCompletion(b));

        List<String> lines = Files.readAllLines(trace);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("start");
        assertThat(lines.get(1)).isEqualTo(lines.get(0).replace("start", "end"));
        assertThat(lines.get(2)).startsWith("start");
        assertThat(lines.get(3)).isEqualTo(lines.get(2).replace("start", "end"));
    }

    @Test
    void the_wait_for_a_held_environment_ends_after_wait_timeout_minutes() throws Exception {
        LockableResourcesManager.get().createResource("system-test-env-9");
        resource("system-test-env-9").setReservedBy("lab-admin");
        WorkflowJob job = Pipelines.job(j, "waits", Map.of("t/test_ok.py", "print('ok')\n"),
                "systemTests tests: 't/test_ok.py', environment: '9', waitTimeoutMinutes: 1");

        WorkflowRun build = j.buildAndAssertStatus(Result.FAILURE, job);

        j.assertLogContains("System Tests:", build);
        j.assertLogContains("lab-admin", build);
        j.assertLogNotContains("holding test environment 9", build);
    }

    @Test
    void a_wait_timeout_without_an_environment_is_refused_with_a_message() throws Exception {
        WorkflowJob job = Pipelines.job(j, "no-env", Map.of(),
                "systemTests tests: 't/test_ok.py', waitTimeoutMinutes: 5");

        WorkflowRun build = j.buildAndAssertStatus(Result.FAILURE, job);

        j.assertLogContains("systemTests: waitTimeoutMinutes needs an environment to wait for", build);
    }

    @Test
    void abort_ends_the_build_every_process_of_the_test_and_frees_the_environment(@TempDir Path tmp)
            throws Exception {
        Path pidFile = tmp.resolve("child.pid");
        WorkflowJob job = Pipelines.job(j, "abort", Map.of("t/test_hangs.py", """
                import pathlib, subprocess, time
                child = subprocess.Popen(['sh', '-c', 'trap "" TERM; sleep 1000'])
                pathlib.Path('%s').write_text(str(child.pid))
                time.sleep(1000)
                """.formatted(pidFile)), "systemTests tests: 't/test_hangs.py', environment: '5'");
        WorkflowRun build = job.scheduleBuild2(0).waitForStart();
        await(Duration.ofSeconds(60), "the test's child process", () -> pidOf(pidFile) > 0);
        long child = pidOf(pidFile);
        assertThat(isRunning(child)).isTrue();

        build.doStop();
        await(Duration.ofSeconds(10), "the build to end", () -> !build.isBuilding());
        j.assertBuildStatus(Result.ABORTED, build);
        await(Duration.ofSeconds(5), "process " + child + " to be gone", () -> !isRunning(child));
        await(Duration.ofSeconds(5), "environment 5 to be free", () -> !resource("system-test-env-5").isLocked());
    }

    private static LockableResource resource(String name) {
        return LockableResourcesManager.get().fromName(name);
    }

    private static long pidOf(Path file) {
        try {
            String text = Files.readString(file).trim();
            return text.isEmpty() ? -1 : Long.parseLong(text);
        } catch (java.io.IOException | NumberFormatException e) {
            return -1;
        }
    }
}
