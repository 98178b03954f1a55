package io.jenkins.plugins.systemtests.jenkins.results;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.systemtests.core.json.Json;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import io.jenkins.plugins.systemtests.jenkins.support.NoPluginErrors;
import java.io.File;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Two builds of one job run the same tests in two different workspaces (as on two rigs whose workspace roots differ,
 * or in a concurrent build's {@code @2}): each test is still one test in the job's history.
 */
@WithJenkins
@ExtendWith(NoPluginErrors.class)
class OneTestAcrossWorkspacesTest {
    /** The door always fails; the lamp and the fan pass; each build in a workspace of its own, on a shared queue. */
    private static final String PIPELINE = """
            node {
              ws("%s/rig-${currentBuild.number}") {
                writeFile file: 't/test_door.py', text: "import time\\ntime.sleep(0.3)\\nassert False, 'the door sticks'\\n"
                writeFile file: 't/test_fan.py', text: "print('fan on')\\n"
                writeFile file: 't/test_lamp.py', text: "import time\\ntime.sleep(0.2)\\nprint('lamp on')\\n"
                systemTests tests: ['t'], environments: ['51', '52'], unstableOn: ''
              }
            }
            """;

    @Test
    void past_durations_history_and_known_failures_follow_a_test_into_another_workspace(JenkinsRule j)
            throws Exception {
        File elsewhere = new File(j.jenkins.getRootDir(), "elsewhere");
        WorkflowJob job = j.createProject(WorkflowJob.class, "lab");
        job.setDefinition(new CpsFlowDefinition(PIPELINE.formatted(elsewhere.getAbsolutePath()), true));

        WorkflowRun first = j.buildAndAssertSuccess(job);
        WorkflowRun second = j.buildAndAssertSuccess(job);

        j.assertLogContains("(0 of 3 tests timed by past runs)", first);
        j.assertLogContains("3 tests in 3 units, longest first across 2 environments (3 of 3 tests timed by past runs)",
                second);
        long firstRun = first.getAction(BuildRuns.class).getRunIds().get(0);
        long secondRun = second.getAction(BuildRuns.class).getRunIds().get(0);
        int door = indexOf(secondRun, "test_door.py");
        assertThat(folderOf(firstRun, "test_door.py")).as("the builds really ran in two workspaces")
                .isEqualTo(new File(elsewhere, "rig-1/t").getAbsolutePath());
        assertThat(folderOf(secondRun, "test_door.py")).isEqualTo(new File(elsewhere, "rig-2/t").getAbsolutePath());

        JenkinsRule.WebClient web = j.createWebClient();
        web.getOptions().setJavaScriptEnabled(false); // the page's history request is made here as its script makes it
        HtmlPage changes = web.goTo("job/lab/2/system-tests/changes/");
        assertThat(changes.querySelectorAll(".system-tests-new-failures li code")).as("no new failure").isEmpty();
        assertThat(changes.querySelectorAll(".system-tests-ongoing-failures li code"))
                .extracting(org.htmlunit.html.DomNode::getTextContent).containsExactly("test_door.py");
        assertThat(changes.querySelector(".system-tests-ongoing-failures").getTextContent())
                .contains("failing since #1");

        HtmlPage doorPage = web.goTo("job/lab/2/system-tests/" + secondRun + "/" + door + "/");
        DomElement history = doorPage.querySelector(".system-tests-test-history");
        JsonNode answer = Json.MAPPER.readTree(web.goTo("system-tests/api/v1/history/test?job=lab"
                + "&run=" + history.getAttribute("data-run")
                + "&file_path=" + URLEncoder.encode(history.getAttribute("data-file-path"), StandardCharsets.UTF_8)
                + "&file_name=" + history.getAttribute("data-file-name"), "application/json")
                .getWebResponse().getContentAsString());
        assertThat(answer.get("items")).extracting(i -> i.get("buildUrl").textValue() + " " + i.get("status").textValue())
                .containsExactly("job/lab/2/ failed", "job/lab/1/ failed");
        assertThat(answer.get("folder").textValue()).isEqualTo("t");
        assertThat(doorPage.getWebResponse().getContentAsString()).as("scored over both builds")
                .contains("Flakiness score: not enough runs (2 of the");
    }

    private static int indexOf(long runId, String fileName) throws java.io.IOException {
        return SystemTestsService.get().reader().read(runId, run -> {
            for (int i = 0; i < run.testCount(); i++) {
                if (run.test(i).fileName().equals(fileName)) {
                    return i;
                }
            }
            throw new AssertionError("no " + fileName + " in run " + runId);
        }).orElseThrow();
    }

    private static String folderOf(long runId, String fileName) throws java.io.IOException {
        int index = indexOf(runId, fileName);
        return SystemTestsService.get().reader().read(runId, run -> run.test(index).filePath()).orElseThrow();
    }
}
