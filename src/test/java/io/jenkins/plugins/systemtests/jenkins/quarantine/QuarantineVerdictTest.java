package io.jenkins.plugins.systemtests.jenkins.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.Launcher;
import hudson.model.AbstractBuild;
import hudson.model.BuildListener;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import hudson.tasks.junit.TestResultAction;
import io.jenkins.plugins.systemtests.core.flaky.Quarantine;
import io.jenkins.plugins.systemtests.core.flaky.QuarantineEntry;
import io.jenkins.plugins.systemtests.jenkins.steps.SystemTestsBuilder;
import io.jenkins.plugins.systemtests.jenkins.support.NoPluginErrors;
import io.jenkins.plugins.systemtests.jenkins.support.Pipelines;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestBuilder;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** A quarantined test still runs and shows its failure, but never decides the build's result; expiry ends that. */
@WithJenkins
@ExtendWith(NoPluginErrors.class)
class QuarantineVerdictTest {
    private static final String PASSING = "print('the lamp is on')\n";
    private static final String FAILING = "assert 'open' == 'shut', 'the door did not shut'\n";

    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule rule) {
        j = rule;
    }

    @Test
    void a_quarantined_failing_test_leaves_a_pipeline_build_successful_with_the_failure_shown() throws Exception {
        WorkflowJob job = Pipelines.job(j, "door", Map.of("t/test_ok.py", PASSING, "t/test_door.py", FAILING), """
                def s = runSystemTests tests: ['t/test_ok.py', 't/test_door.py']
                echo "after the step: result=${s.result} failed=${s.failed}"
                """);
        Quarantines.change(job, q -> q.add("t/test_door.py", "ana", "JIRA-12: the door sticks", null, "bob",
                Instant.now()));

        WorkflowRun build = j.buildAndAssertSuccess(job);

        j.assertLogContains("FAILED  t/test_door.py", build);
        j.assertLogContains("after the step: result=SUCCESS failed=1", build);
        j.assertLogContains("t/test_door.py failed, but it is quarantined (owner ana", build);
        QuarantinedFailures failures = build.getAction(QuarantinedFailures.class);
        assertThat(failures.getFailures()).extracting(QuarantinedFailures.Failure::getTestId,
                QuarantinedFailures.Failure::getStatus, QuarantinedFailures.Failure::getOwner)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("t/test_door.py", "failed", "ana"));
        String page = j.createWebClient().getPage(build).getWebResponse().getContentAsString();
        assertThat(page).contains("Quarantined tests that failed").contains("t/test_door.py")
                .contains("JIRA-12: the door sticks");
    }

    @Test
    void the_junit_xml_marks_the_quarantined_failure_and_the_junit_step_may_leave_the_result_to_system_tests()
            throws Exception {
        WorkflowJob job = Pipelines.job(j, "junit", Map.of("t/test_ok.py", PASSING, "t/test_door.py", FAILING), """
                def s = systemTests tests: ['t/test_ok.py', 't/test_door.py'], junitXml: 'out/results.xml'
                junit testResults: 'out/results.xml', skipMarkingBuildUnstable: true
                echo "result=${s.result}"
                """);
        Quarantines.change(job, q -> q.add("t/test_door.py", "ana", "flaky door", null, "bob", Instant.now()));

        WorkflowRun build = j.buildAndAssertSuccess(job);

        j.assertLogContains("quarantined in this job (their failures do not decide the result): t/test_door.py", build);
        j.assertLogContains("result=SUCCESS", build);
        String xml = j.jenkins.getWorkspaceFor(job).child("out/results.xml").readToString();
        assertThat(xml).contains("<property name=\"quarantined\" value=\"true\"/>")
                .contains("<failure message=\"[quarantined] AssertionError: the door did not shut\"");
        TestResultAction tests = build.getAction(TestResultAction.class);
        assertThat(tests.getFailCount()).isEqualTo(1);
        assertThat(tests.getFailedTests().get(0).getErrorDetails()).startsWith("[quarantined] ");
    }

    @Test
    void the_junit_step_left_to_judge_makes_the_build_unstable_on_a_quarantined_failure() throws Exception {
        WorkflowJob job = Pipelines.job(j, "junit-judges", Map.of("t/test_door.py", FAILING), """
                runSystemTests tests: 't/test_door.py'
                junit 'system-tests-results.xml'
                """);
        Quarantines.change(job, q -> q.add("t/test_door.py", "ana", "flaky door", null, "bob", Instant.now()));

        WorkflowRun build = j.buildAndAssertStatus(Result.UNSTABLE, job);

        j.assertLogContains("it does not decide the build's result", build);
        j.assertLogNotContains("System Tests marked the build unstable", build);
    }

    @Test
    void a_quarantined_failing_test_leaves_a_freestyle_build_successful() throws Exception {
        FreeStyleProject project = j.createFreeStyleProject("door-freestyle");
        project.getBuildersList().add(writing("t/test_door.py", FAILING));
        project.getBuildersList().add(new SystemTestsBuilder("t/test_door.py"));
        Quarantines.change(project, q -> q.add("t/test_door.py", "ana", "flaky door", null, "bob", Instant.now()));

        FreeStyleBuild build = j.buildAndAssertSuccess(project);

        j.assertLogContains("FAILED  t/test_door.py", build);
        assertThat(build.getAction(QuarantinedFailures.class).getFailures()).hasSize(1);
    }

    @Test
    void the_other_failures_still_decide_and_an_expired_quarantine_no_longer_applies() throws Exception {
        WorkflowJob job = Pipelines.job(j, "expired", Map.of("t/test_door.py", FAILING, "t/test_lock.py", FAILING),
                "runSystemTests tests: ['t/test_door.py', 't/test_lock.py']");
        Instant now = Instant.now();
        Quarantines.change(job, q -> new Quarantine(List.of(
                new QuarantineEntry("t/test_door.py", "ana", "ended yesterday", now.minus(Duration.ofDays(1)), "bob",
                        now.minus(Duration.ofDays(15))))));

        WorkflowRun expired = j.buildAndAssertStatus(Result.UNSTABLE, job);
        j.assertLogContains("System Tests marked the build unstable: 2 failed", expired);
        assertThat(expired.getAction(QuarantinedFailures.class)).isNull();

        Quarantines.change(job, q -> q.add("t/test_door.py", "ana", "again", null, "bob", Instant.now()));
        WorkflowRun partly = j.buildAndAssertStatus(Result.UNSTABLE, job);
        j.assertLogContains("System Tests marked the build unstable: 1 failed", partly);

        Quarantines.change(job, q -> q.add("t/test_lock.py", "cy", "lock too", null, "bob", Instant.now()));
        j.buildAndAssertSuccess(job);
    }

    @Test
    void the_quarantine_is_kept_in_the_jobs_configuration_and_survives_its_configure_form() throws Exception {
        FreeStyleProject project = j.createFreeStyleProject("kept");
        Quarantines.change(project, q -> q.add("t/test_door.py", "ana", "flaky door", null, "bob", Instant.now()));

        j.configRoundtrip(project);

        assertThat(Quarantines.of(project).entries()).extracting(QuarantineEntry::testId, QuarantineEntry::owner)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("t/test_door.py", "ana"));
        String xml = project.getConfigFile().asString();
        assertThat(xml).contains("<testId>t/test_door.py</testId>").contains("<owner>ana</owner>");
        project.doReload();
        assertThat(Quarantines.of(project).find("t/test_door.py")).isPresent();
    }

    @Test
    void a_pipeline_that_sets_its_jobs_properties_keeps_the_quarantine() throws Exception {
        WorkflowJob job = Pipelines.job(j, "properties", Map.of("t/test_door.py", FAILING), """
                properties([disableConcurrentBuilds()])
                runSystemTests tests: 't/test_door.py'
                """);
        Quarantines.change(job, q -> q.add("t/test_door.py", "ana", "flaky door", null, "bob", Instant.now()));

        j.buildAndAssertSuccess(job);
        j.buildAndAssertSuccess(job);

        assertThat(Quarantines.of(job).find("t/test_door.py")).isPresent();
    }

    private static TestBuilder writing(String path, String text) {
        return new TestBuilder() {
            @Override
            public boolean perform(AbstractBuild<?, ?> build, Launcher launcher, BuildListener listener)
                    throws java.io.IOException, InterruptedException {
                build.getWorkspace().child(path).write(text, StandardCharsets.UTF_8.name());
                return true;
            }
        };
    }
}
