package io.jenkins.plugins.systemtests.jenkins.steps;

import static io.jenkins.plugins.systemtests.jenkins.support.Pipelines.await;
import static org.assertj.core.api.Assertions.assertThat;

import hudson.FilePath;
import hudson.model.Result;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import io.jenkins.plugins.systemtests.jenkins.environment.EnvironmentResources;
import io.jenkins.plugins.systemtests.jenkins.support.NoPluginErrors;
import io.jenkins.plugins.systemtests.jenkins.support.Pipelines;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jenkins.plugins.lockableresources.LockableResource;
import org.jenkins.plugins.lockableresources.LockableResourcesManager;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * {@code systemTests(environments: [...])}: one plan across several environments from one queue, one run; each
 * environment locked when it is free and released when its share ends.
 */
@WithJenkins
@ExtendWith(NoPluginErrors.class)
class SharedQueueStepTest {
    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule rule) {
        j = rule;
    }

    /** Tests that print the environment they ran on and sleep as long as given (tenths of a second). */
    private static Map<String, String> tests(int... tenths) {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < tenths.length; i++) {
            files.put(String.format("t/test_%02d.py", i), "import os, time\nprint('ran on', "
                    + "os.environ['SYSTEM_TESTS_ENVIRONMENT'])\ntime.sleep(" + tenths[i] / 10.0 + ")\n");
        }
        return files;
    }

    @Test
    void four_environments_one_held_by_another_build_at_first_run_one_plan_as_one_run() throws Exception {
        EnvironmentResources.prepare("23");
        WorkflowJob holder = j.createProject(WorkflowJob.class, "holder");
        holder.setDefinition(new CpsFlowDefinition("lock('system-test-env-23') { sleep 2 }", true));
        WorkflowRun held = holder.scheduleBuild2(0).waitForStart();
        await(Duration.ofSeconds(30), "the other build to hold environment 23",
                () -> resource("system-test-env-23").isLocked());
        WorkflowJob job = Pipelines.job(j, "four", tests(40, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8), """
                def s = systemTests tests: ['t'], environments: ['21', '22', '23', '24']
                echo "passed=${s.passed} result=${s.result} runId=${s.runId}"
                """);

        WorkflowRun build = j.buildAndAssertSuccess(job);

        j.assertBuildStatusSuccess(j.waitForCompletion(held));
        j.assertLogContains("passed=12 result=SUCCESS", build);
        String log = JenkinsRule.getLog(build);
        assertThat(log.indexOf("environment 21 is held")).as("a free environment starts at once")
                .isLessThan(log.indexOf("environment 23 is held"));
        assertThat(log).contains("System Tests: environment 23 is held after");
        for (String id : List.of("21", "22", "23", "24")) {
            assertThat(resource("system-test-env-" + id).isLocked()).as("environment %s released", id).isFalse();
        }
        long runId = runId(log);
        List<RunSummary> runs = SystemTestsService.get().reader().summaries().stream()
                .filter(s -> build.getUrl().equals(s.buildUrl())).toList();
        assertThat(runs).as("one run for the whole plan").singleElement()
                .satisfies(run -> assertThat(run.counts()).containsEntry(TestStatus.PASSED, 12));
        Set<String> rigs = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            String output = SystemTestsService.get().reader().log(runId, i).orElseThrow();
            Matcher on = Pattern.compile("ran on (\\d+)").matcher(output);
            assertThat(on.find()).as("test %d says where it ran", i).isTrue();
            rigs.add(on.group(1));
        }
        assertThat(rigs).as("the long test kept one rig; the others shared the rest").hasSizeGreaterThanOrEqualTo(2)
                .isSubsetOf("21", "22", "23", "24");
        try (JenkinsRule.WebClient web = j.createWebClient()) {
            org.htmlunit.html.HtmlPage page = web.goTo(build.getUrl() + "system-tests/");
            org.htmlunit.html.DomElement section = page.getElementById("run-" + runId);
            String lanes = ((org.htmlunit.html.DomElement) section.querySelector(".system-tests-timeline"))
                    .getAttribute("data-system-tests-timeline");
            assertThat(lanes).as("a lane per environment on the build's page")
                    .contains("\"lanes\":[\"21\",\"22\",\"23\",\"24\"]").contains("\"kind\":\"wait\"");
            assertThat(section.getAttribute("data-placements")).as("each test's environment")
                    .matches("\\{(\"\\d+\":\"2[1-4]\",?){12}\\}");
            assertThat(section.hasAttribute("data-lanes-url")).as("nothing to follow once the build has ended").isFalse();
            String lanesJson = web.goTo(build.getUrl() + "system-tests/lanes?run=" + runId, "application/json")
                    .getWebResponse().getContentAsString();
            assertThat(lanesJson).as("the lanes as the page follows them").contains("\"building\":false")
                    .contains("\"lanes\":[\"21\",\"22\",\"23\",\"24\"]").containsPattern("\"placements\":\\{\"0\":\"2[1-4]\"");
            web.setThrowExceptionOnFailingStatusCode(false);
            org.htmlunit.Page unknown = web.goTo(build.getUrl() + "system-tests/lanes?run=" + (runId + 1000),
                    "application/json");
            assertThat(unknown.getWebResponse().getStatusCode()).isEqualTo(404);
            assertThat(unknown.getWebResponse().getContentAsString()).contains("\"errorCode\":\"NOT_FOUND\"");
        }
        FilePath junit = j.jenkins.getWorkspaceFor(job).child("system-tests-results.xml");
        assertThat(junit.readToString().split("<testcase ", -1)).as("one JUnit XML with every test").hasSize(13);
    }

    @Test
    void environments_by_label_are_all_freed_when_the_build_is_aborted() throws Exception {
        LockableResourcesManager manager = LockableResourcesManager.get();
        manager.createResourceWithLabel("rig-a", "rigs");
        manager.createResourceWithLabel("rig-b", "rigs");
        WorkflowJob job = Pipelines.job(j, "abort", tests(200, 200, 200), """
                runSystemTests tests: 't', environmentLabel: 'rigs'
                """);
        WorkflowRun build = job.scheduleBuild2(0).waitForStart();
        await(Duration.ofSeconds(60), "both rigs to run a test", () -> resource("rig-a").isLocked()
                && resource("rig-b").isLocked() && logOf(build).split("START", -1).length >= 3);

        try (JenkinsRule.WebClient web = j.createWebClient()) {
            await(Duration.ofSeconds(30), "the lanes to be recorded", () -> build.getAction(io.jenkins.plugins.systemtests.jenkins.results.SharedQueueLanes.class) != null);
            assertThat((Object) web.goTo(build.getUrl() + "system-tests/").querySelector("[data-lanes-url]"))
                    .as("the open page follows the lanes while the build runs").isNotNull();
        }
        build.doStop();

        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(build));
        j.assertLogContains("every environment is released", build);
        assertThat(resource("rig-a").isLocked()).isFalse();
        assertThat(resource("rig-b").isLocked()).isFalse();
        RunSummary run = SystemTestsService.get().reader().summaries().stream()
                .filter(s -> build.getUrl().equals(s.buildUrl())).findFirst().orElseThrow();
        assertThat(run.ongoing()).isFalse();
        // The test not started is cancelled; a running one is cancelled, or error when the abort's TERM reached the
        // test before its runner (a race of the runner's, as with one environment).
        assertThat(run.counts().get(TestStatus.CANCELLED)).isGreaterThanOrEqualTo(1);
        assertThat(run.counts().get(TestStatus.CANCELLED) + run.counts().get(TestStatus.ERROR)).isEqualTo(3);
    }

    @Test
    void one_environment_and_several_at_once_is_refused_before_anything_runs() throws Exception {
        WorkflowJob job = Pipelines.job(j, "both", tests(1), """
                runSystemTests tests: 't', environment: '5', environments: ['6', '7']
                """);

        WorkflowRun build = j.buildAndAssertStatus(Result.FAILURE, job);

        j.assertLogContains("runSystemTests: give environment (one) or environments (several sharing one queue), "
                + "not both", build);
        j.assertLogNotContains("START", build);
    }

    private static String logOf(WorkflowRun build) {
        try {
            return JenkinsRule.getLog(build);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long runId(String log) {
        Matcher m = Pattern.compile("runId=(\\d+)").matcher(log);
        assertThat(m.find()).as(log).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static LockableResource resource(String name) {
        return LockableResourcesManager.get().getResources().stream().filter(r -> r.getName().equals(name))
                .findFirst().orElseThrow();
    }
}
