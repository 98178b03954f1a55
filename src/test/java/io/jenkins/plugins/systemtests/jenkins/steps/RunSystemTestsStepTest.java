package io.jenkins.plugins.systemtests.jenkins.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.model.Result;
import hudson.tasks.junit.TestResultAction;
import hudson.util.Secret;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import io.jenkins.plugins.systemtests.jenkins.support.NoPluginErrors;
import io.jenkins.plugins.systemtests.jenkins.support.Pipelines;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** {@code runSystemTests} in scripted and declarative Pipelines, on the built-in node of a test Jenkins. */
@WithJenkins
@ExtendWith(NoPluginErrors.class)
class RunSystemTestsStepTest {
    private static final String PASSING = "print('checked the lamp')\n";
    private static final String FAILING = "values = [1, 2, 3]\nassert sum(values) == 7, 'sum was %d' % sum(values)\n";

    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule rule) {
        j = rule;
    }

    @Test
    void passing_tests_succeed_and_return_their_summary() throws Exception {
        WorkflowJob job = Pipelines.job(j, "pass", Map.of("t/test_a.py", PASSING, "t/test_b.py", PASSING), """
                def s = runSystemTests tests: ['t/test_a.py', 't/test_b.py']
                echo "summary: passed=${s.passed} failed=${s.failed} total=${s.total} status=${s.status} result=${s.result}"
                echo "run url: ${s.url}"
                """);

        WorkflowRun build = j.buildAndAssertSuccess(job);

        j.assertLogContains("summary: passed=2 failed=0 total=2 status=passed result=SUCCESS", build);
        j.assertLogContains("PASSED  t/test_a.py", build);
        j.assertLogContains("PASSED  t/test_b.py", build);
        String runPage = j.getURL() + "job/pass/1/system-tests/#run-";
        j.assertLogContains("run url: " + runPage, build);
        assertThat(j.createWebClient().goTo("job/pass/1/system-tests/").getWebResponse().getStatusCode())
                .as("the summary's url is the run's page").isEqualTo(200);
    }

    @Test
    void a_failed_test_makes_the_build_unstable_by_default() throws Exception {
        WorkflowJob job = Pipelines.job(j, "unstable", Map.of("t/test_ok.py", PASSING, "t/test_sum.py", FAILING), """
                def s = runSystemTests tests: 't/test_ok.py\\nt/test_sum.py'
                echo "after the step: result=${s.result} failed=${s.failed}"
                """);

        WorkflowRun build = j.buildAndAssertStatus(Result.UNSTABLE, job);

        j.assertLogContains("FAILED  t/test_sum.py", build);
        j.assertLogContains("after the step: result=UNSTABLE failed=1", build);
        j.assertLogContains("System Tests marked the build unstable", build);
    }

    @Test
    void failure_on_failed_fails_the_build_and_unstable_on_nothing_keeps_it_green() throws Exception {
        WorkflowJob failing = Pipelines.job(j, "failing", Map.of("t/test_sum.py", FAILING),
                "runSystemTests tests: 't/test_sum.py', failureOn: 'failed'");
        WorkflowRun failed = j.buildAndAssertStatus(Result.FAILURE, failing);
        j.assertLogContains("System Tests failed the build", failed);

        WorkflowJob tolerant = Pipelines.job(j, "tolerant", Map.of("t/test_sum.py", FAILING),
                "def s = runSystemTests tests: 't/test_sum.py', unstableOn: ''\necho \"failed=${s.failed}\"");
        WorkflowRun green = j.buildAndAssertSuccess(tolerant);
        j.assertLogContains("failed=1", green);
    }

    @Test
    void the_junit_xml_is_read_by_the_junit_step() throws Exception {
        WorkflowJob job = Pipelines.job(j, "junit", Map.of("t/test_ok.py", PASSING, "t/test_sum.py", FAILING), """
                runSystemTests tests: ['t/test_ok.py', 't/test_sum.py'], junitXml: 'out/results.xml'
                junit 'out/results.xml'
                """);

        WorkflowRun build = j.buildAndAssertStatus(Result.UNSTABLE, job);

        TestResultAction tests = build.getAction(TestResultAction.class);
        assertThat(tests).isNotNull();
        assertThat(tests.getTotalCount()).isEqualTo(2);
        assertThat(tests.getFailCount()).isEqualTo(1);
    }

    @Test
    void a_declarative_pipeline_runs_the_step_in_its_steps_block() throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class, "declarative");
        job.setDefinition(new CpsFlowDefinition("""
                pipeline {
                  agent any
                  stages {
                    stage('system tests') {
                      steps {
                        writeFile file: 't/test_ok.py', text: "print('ok')\\n"
                        runSystemTests tests: 't/test_ok.py', timeoutMinutes: 5
                      }
                    }
                  }
                }
                """, true));

        WorkflowRun build = j.buildAndAssertSuccess(job);

        j.assertLogContains("PASSED  t/test_ok.py", build);
    }

    @Test
    void library_tests_run_in_a_job_that_has_no_workspace_yet() throws Exception {
        SystemTestsService.get().library().save("lamp", "test_lamp.py", PASSING.getBytes(StandardCharsets.UTF_8), false);
        WorkflowJob job = j.createProject(WorkflowJob.class, "library-only");
        job.setDefinition(new CpsFlowDefinition(
                "node { def s = runSystemTests tests: 'library:lamp/test_lamp.py'\necho \"passed=${s.passed}\" }", true));

        WorkflowRun build = j.buildAndAssertSuccess(job);

        j.assertLogContains("passed=1", build);
    }

    @Test
    void credentials_reach_the_test_and_are_masked_in_the_console_and_the_kept_log() throws Exception {
        String secret = "s3cr3t-rig-password";
        CredentialsProvider.lookupStores(j.jenkins).iterator().next().addCredentials(Domain.global(),
                new StringCredentialsImpl(CredentialsScope.GLOBAL, "rig", "rig password", Secret.fromString(secret)));
        WorkflowJob job = Pipelines.job(j, "credentials", Map.of("t/test_secret.py", """
                import os
                value = os.environ['RIG_PASSWORD']
                assert value.startswith('s3cr3t'), 'not the credential'
                print('the password is ' + value)
                """), """
                def s = runSystemTests tests: 't/test_secret.py', credentials: [[credentialsId: 'rig', variable: 'RIG_PASSWORD']]
                echo "run id: ${s.runId}"
                """);

        WorkflowRun build = j.buildAndAssertSuccess(job);

        j.assertLogNotContains(secret, build);
        j.assertLogContains("PASSED  t/test_secret.py", build);
        String keptLog = SystemTestsService.get().reader().log(runIdOf(build), 0).orElseThrow();
        assertThat(keptLog).contains("the password is ").doesNotContain(secret);
    }

    @Test
    void a_requirements_file_gives_the_tests_a_virtual_environment() throws Exception {
        WorkflowJob job = Pipelines.job(j, "venv", Map.of(
                "requirements.txt", "# nothing to install: the environment itself is what is checked\n",
                "t/test_venv.py", "import sys\nassert sys.prefix != sys.base_prefix, 'not in a virtual environment'\n"),
                "runSystemTests tests: 't/test_venv.py', requirements: 'requirements.txt'");

        WorkflowRun build = j.buildAndAssertSuccess(job);

        j.assertLogContains("PASSED  t/test_venv.py", build);
    }

    static long runIdOf(WorkflowRun build) throws Exception {
        String log = JenkinsRule.getLog(build);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("run id: (\\d+)").matcher(log);
        assertThat(m.find()).as("a run id in the log").isTrue();
        return Long.parseLong(m.group(1));
    }
}
