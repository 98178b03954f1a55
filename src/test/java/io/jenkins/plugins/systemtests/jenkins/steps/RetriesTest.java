package io.jenkins.plugins.systemtests.jenkins.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import hudson.tasks.junit.CaseResult;
import hudson.tasks.junit.TestResultAction;
import io.jenkins.plugins.systemtests.core.json.Json;
import io.jenkins.plugins.systemtests.jenkins.support.NoPluginErrors;
import io.jenkins.plugins.systemtests.jenkins.support.Pipelines;
import java.util.Map;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * {@code retries} and {@code retryOn} on a real Jenkins: a deliberately flaky test (it fails while a marker file is
 * missing, creating it, and passes after) with {@code retries: 1} gives a SUCCESS build, a flaky mark in the step's
 * result, the build page, the read API and the JUnit XML the junit step reads; a test that fails every attempt makes
 * the build UNSTABLE with every attempt kept; a {@code retryOn} that does not match retries nothing.
 */
@WithJenkins
@ExtendWith(NoPluginErrors.class)
class RetriesTest {
    private static final String FLAKY = """
            import os
            mark = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'flaky.marker')
            if not os.path.exists(mark):
                open(mark, 'w').close()
                print('first attempt: the rig was still booting')
                raise AssertionError('the lamp did not light')
            print('second attempt: lit')
            """;
    private static final String FAILING = "raise AssertionError('the door did not lock')\n";

    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule rule) {
        j = rule;
    }

    private JsonNode api(String path) throws Exception {
        return Json.MAPPER.readTree(j.createWebClient().goTo("system-tests/api/v1/" + path, "application/json")
                .getWebResponse().getContentAsString());
    }

    @Test
    void a_flaky_test_with_one_retry_passes_the_build_and_is_marked_flaky_everywhere() throws Exception {
        WorkflowJob job = Pipelines.job(j, "flaky", Map.of("t/test_lamp.py", FLAKY), """
                def s = runSystemTests tests: 't/test_lamp.py', retries: 1, junitXml: 'out/results.xml'
                echo "summary: passed=${s.passed} flaky=${s.flaky} failed=${s.failed} result=${s.result} run=${s.runId}"
                junit 'out/results.xml'
                """);

        WorkflowRun build = j.buildAndAssertSuccess(job);

        j.assertLogContains("summary: passed=1 flaky=1 failed=0 result=SUCCESS", build);
        j.assertLogContains("RETRY   t/test_lamp.py (attempt 2 of 2)", build);
        j.assertLogContains("System Tests: 1 passed (1 flaky)", build);
        String runId = JenkinsRule.getLog(build).replaceAll("(?s).*summary: .* run=(\\d+).*", "$1");

        JsonNode test = api("runs/" + runId + "/tests/0");
        assertThat(test.get("status").textValue()).isEqualTo("passed");
        assertThat(test.get("flaky").booleanValue()).isTrue();
        assertThat(test.at("/attempts/0/status").textValue()).isEqualTo("failed");
        assertThat(test.at("/attempts/0/reason").textValue()).isEqualTo("AssertionError: the lamp did not light");
        assertThat(api("runs/" + runId + "/tests/0/log?attempt=1").get("log").textValue())
                .contains("first attempt: the rig was still booting");
        assertThat(api("runs/" + runId + "/tests/0/log").get("log").textValue()).isEqualTo("second attempt: lit\n");
        assertThat(api("runs/" + runId).get("flaky").intValue()).isEqualTo(1);
        JenkinsRule.WebClient pages = j.createWebClient();
        pages.getOptions().setJavaScriptEnabled(false); // what the server writes; the scripts have their own tests
        assertThat(pages.getPage(build).getWebResponse().getContentAsString())
                .as("the build page's summary").contains("1 passed (1 flaky)");
        assertThat(pages.goTo("job/flaky/1/system-tests/" + runId + "/0/").getWebResponse()
                .getContentAsString()).as("the test page has the attempts' place").contains("system-tests-attempts");

        // The junit step reads the Surefire rerun format: the test passed (junit 1359 keeps no flaky attempts of
        // its own; newer junit versions list the <flakyFailure> on the test's page).
        TestResultAction junit = build.getAction(TestResultAction.class);
        assertThat(junit.getTotalCount()).isEqualTo(1);
        assertThat(junit.getFailCount()).isZero();
        CaseResult lamp = junit.getResult().getSuites().iterator().next().getCases().get(0);
        assertThat(lamp.isPassed()).isTrue();
        assertThat(lamp.getName()).isEqualTo("test_lamp.py");
        String xml = j.jenkins.getWorkspaceFor(job).child("out/results.xml").readToString();
        assertThat(xml).contains("<flakyFailure message=\"AssertionError: the lamp did not light\" type=\"failed\">");
    }

    @Test
    void a_test_that_fails_every_attempt_makes_the_build_unstable_with_every_attempt_kept() throws Exception {
        WorkflowJob job = Pipelines.job(j, "failing", Map.of("t/test_door.py", FAILING), """
                def s = runSystemTests tests: 't/test_door.py', retries: 2, junitXml: 'out/results.xml'
                echo "summary: failed=${s.failed} flaky=${s.flaky} run=${s.runId}"
                junit 'out/results.xml'
                """);

        WorkflowRun build = j.buildAndAssertStatus(Result.UNSTABLE, job);

        j.assertLogContains("summary: failed=1 flaky=0", build);
        String runId = JenkinsRule.getLog(build).replaceAll("(?s).*summary: .* run=(\\d+).*", "$1");
        JsonNode test = api("runs/" + runId + "/tests/0");
        assertThat(test.get("status").textValue()).isEqualTo("failed");
        assertThat(test.has("flaky")).isFalse();
        assertThat(test.get("attempt").intValue()).isEqualTo(3);
        assertThat(test.get("attempts")).extracting(a -> a.get("status").textValue()).containsExactly("failed", "failed");
        assertThat(build.getAction(TestResultAction.class).getFailCount()).isEqualTo(1);
        assertThat(j.jenkins.getWorkspaceFor(job).child("out/results.xml").readToString())
                .containsPattern("(?s)<rerunFailure .*<rerunFailure .*<failure ");
    }

    @Test
    void a_test_that_failed_on_one_environment_reruns_on_the_other_and_passes_the_build_as_flaky() throws Exception {
        // It fails on the environment it first runs on and passes on any other: only a retry elsewhere passes it.
        Map<String, String> files = new java.util.LinkedHashMap<>();
        files.put("t/test_00_lamp.py", """
                import os
                here = os.environ['SYSTEM_TESTS_ENVIRONMENT']
                mark = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'first.environment')
                if not os.path.exists(mark):
                    open(mark, 'w').write(here)
                    raise AssertionError('the lamp did not light on environment ' + here)
                first = open(mark).read()
                assert first != here, 'retried on the same environment ' + here
                print('lit on environment', here, 'after failing on', first)
                """);
        for (int i = 1; i <= 3; i++) {
            files.put("t/test_0" + i + "_wait.py", "import time\ntime.sleep(1)\n");
        }
        WorkflowJob job = Pipelines.job(j, "elsewhere", files, """
                def s = systemTests tests: ['t'], environments: ['1', '2'], retries: 1, junitXml: 'out/results.xml'
                echo "summary: passed=${s.passed} flaky=${s.flaky} failed=${s.failed} result=${s.result} run=${s.runId}"
                junit 'out/results.xml'
                """);

        WorkflowRun build = j.buildAndAssertSuccess(job);

        j.assertLogContains("summary: passed=4 flaky=1 failed=0 result=SUCCESS", build);
        j.assertLogContains("to be retried on the environment Jenkins hands it to", build);
        String runId = JenkinsRule.getLog(build).replaceAll("(?s).*summary: .* run=(\\d+).*", "$1");
        JsonNode test = api("runs/" + runId + "/tests/0");
        assertThat(test.get("status").textValue()).isEqualTo("passed");
        assertThat(test.get("flaky").booleanValue()).isTrue();
        assertThat(test.get("attempt").intValue()).isEqualTo(2);
        assertThat(test.at("/attempts/0/status").textValue()).isEqualTo("failed");
        String failedOn = test.at("/attempts/0/reason").textValue()
                .replaceAll("(?s).*the lamp did not light on environment (\\d).*", "$1");
        String passedOn = failedOn.equals("1") ? "2" : "1";
        assertThat(api("runs/" + runId + "/tests/0/log?attempt=1").get("log").textValue())
                .as("the first attempt's output, kept from its environment")
                .contains("AssertionError: the lamp did not light on environment " + failedOn);
        assertThat(api("runs/" + runId + "/tests/0/log").get("log").textValue())
                .isEqualTo("lit on environment " + passedOn + " after failing on " + failedOn + "\n");
        JenkinsRule.WebClient pages = j.createWebClient();
        pages.getOptions().setJavaScriptEnabled(false);
        assertThat(pages.goTo("job/elsewhere/1/system-tests/").getElementById("run-" + runId)
                .getAttribute("data-attempt-placements")).as("where each attempt ran, on the build's page")
                .isEqualTo("{\"0\":[\"" + failedOn + "\",\"" + passedOn + "\"]}");
        assertThat(((org.htmlunit.html.HtmlPage) pages.goTo("job/elsewhere/1/system-tests/" + runId + "/0/"))
                .querySelector("[data-system-tests-test]").getAttributes().getNamedItem("data-attempt-environments")
                .getNodeValue()).as("and on the test's page, beside each attempt")
                .isEqualTo("[\"" + failedOn + "\",\"" + passedOn + "\"]");

        TestResultAction junit = build.getAction(TestResultAction.class);
        assertThat(junit.getTotalCount()).isEqualTo(4);
        assertThat(junit.getFailCount()).isZero();
        String xml = j.jenkins.getWorkspaceFor(job).child("out/results.xml").readToString();
        assertThat(xml).containsOnlyOnce("name=\"test_00_lamp.py\"")
                .contains("<flakyFailure message=\"AssertionError: the lamp did not light on environment " + failedOn)
                .doesNotContain("rerun-attempt");
    }

    @Test
    void retry_on_that_does_not_match_the_reason_retries_nothing_in_the_dsl() throws Exception {
        WorkflowJob job = Pipelines.job(j, "not-matching", Map.of("t/test_lamp.py", FLAKY), """
                def s = systemTests tests: 't/test_lamp.py', retries: 3, retryOn: 'TimeoutError|ConnectionError'
                echo "summary: failed=${s.failed} flaky=${s.flaky}"
                """);

        WorkflowRun build = j.buildAndAssertStatus(Result.UNSTABLE, job);

        j.assertLogContains("--retries 3 --retry-on TimeoutError|ConnectionError", build);
        j.assertLogContains("summary: failed=1 flaky=0", build);
        j.assertLogNotContains("RETRY", build);
    }

    @Test
    void the_freestyle_step_retries_and_a_bad_pattern_stops_the_build_naming_the_option() throws Exception {
        FreeStyleProject project = j.createFreeStyleProject("freestyle");
        SystemTestsBuilder builder = new SystemTestsBuilder("t/test_lamp.py");
        builder.setRetries(1);
        project.getBuildersList().add(new hudson.tasks.Shell("mkdir -p t && cat > t/test_lamp.py <<'EOF'\n" + FLAKY
                + "EOF\n"));
        project.getBuildersList().add(builder);

        FreeStyleBuild build = j.buildAndAssertSuccess(project);
        j.assertLogContains("System Tests: 1 passed (1 flaky)", build);
        j.assertLogContains("flaky: passed on attempt 2", build);

        builder.setRetryOn("(unclosed");
        FreeStyleBuild refused = j.buildAndAssertStatus(Result.FAILURE, project);
        j.assertLogContains("The retry pattern '(unclosed' is not a regular expression", refused);
        builder.setRetryOn("");
        builder.setRetries(11);
        j.assertLogContains("Retries must be from 0 to 10, not 11", j.buildAndAssertStatus(Result.FAILURE, project));
    }
}
