package io.jenkins.plugins.systemtests.jenkins.results;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.systemtests.jenkins.support.NoPluginErrors;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Six builds of one job, each test's outcome set by the build's number: the build page's new and known failures
 * (against the previous build and against one chosen), the test page's flakiness score and the job page's flakiest
 * tests, all read from what the builds really ran.
 */
@WithJenkins
@ExtendWith(NoPluginErrors.class)
class NewAndKnownFailuresTest {
    /** steady passes; door always fails; flip fails in odd builds; lock only in build 6; fan only in build 1. */
    private static final String PIPELINE = """
            node {
              def n = currentBuild.number
              def ok = "print('ok')\\n"
              def broken = "assert False, 'broken'\\n"
              writeFile file: 't/test_steady.py', text: ok
              writeFile file: 't/test_door.py', text: broken
              writeFile file: 't/test_flip.py', text: n % 2 == 1 ? broken : ok
              writeFile file: 't/test_lock.py', text: n == 6 ? broken : ok
              writeFile file: 't/test_fan.py', text: n == 1 ? broken : ok
              runSystemTests tests: ['t/test_steady.py', 't/test_door.py', 't/test_flip.py', 't/test_lock.py', 't/test_fan.py'], unstableOn: ''
            }
            """;

    @Test
    void new_ongoing_and_fixed_failures_scores_and_the_flakiest_tests(JenkinsRule j) throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class, "lab");
        job.setDefinition(new CpsFlowDefinition(PIPELINE, true));
        for (int n = 1; n <= 6; n++) {
            j.buildAndAssertSuccess(job);
        }
        JenkinsRule.WebClient web = j.createWebClient();
        web.getOptions().setJavaScriptEnabled(false); // the pages' words are rendered on the server; scripts are not needed

        HtmlPage changes = web.goTo("job/lab/6/system-tests/changes/");
        assertThat(items(changes, "system-tests-new-failures")).containsExactly("test_lock.py");
        assertThat(items(changes, "system-tests-ongoing-failures")).containsExactly("test_door.py");
        assertThat(section(changes, "system-tests-ongoing-failures")).contains("failing since #1");
        assertThat(items(changes, "system-tests-fixed")).containsExactly("test_flip.py");
        assertThat(changes.getWebResponse().getContentAsString()).contains("Build #6 against build #5.");

        HtmlPage withFirst = web.goTo("job/lab/6/system-tests/changes/?compareWith=1");
        assertThat(items(withFirst, "system-tests-new-failures")).containsExactly("test_lock.py");
        assertThat(items(withFirst, "system-tests-ongoing-failures")).containsExactly("test_door.py");
        assertThat(items(withFirst, "system-tests-fixed")).containsExactly("test_flip.py", "test_fan.py");
        assertThat(withFirst.getWebResponse().getContentAsString()).contains("Build #6 against build #1.");

        HtmlPage first = web.goTo("job/lab/1/system-tests/changes/");
        assertThat(first.getWebResponse().getContentAsString())
                .contains("No other build of this job has system test results to compare with.");
        assertThat(web.goTo("job/lab/6/").getWebResponse().getContentAsString())
                .contains("system-tests/changes/");

        // test_flip.py is the third test of the build's run
        long runId = j.jenkins.getItemByFullName("lab", WorkflowJob.class).getBuildByNumber(6)
                .getAction(BuildRuns.class).getRunIds().get(0);
        String flipPage = web.goTo("job/lab/6/system-tests/" + runId + "/2/").getWebResponse().getContentAsString();
        assertThat(flipPage).contains("Flakiness score: 100% (5 flips between pass and fail in its last 6 runs, 0 passed");
        String doorPage = web.goTo("job/lab/6/system-tests/" + runId + "/1/").getWebResponse().getContentAsString();
        assertThat(doorPage).contains("Flakiness score: 0% (0 flips");

        HtmlPage jobPage = web.goTo("job/lab/system-tests/");
        DomElement flakiest = jobPage.querySelector(".system-tests-flakiest tbody");
        assertThat(flakiest.querySelectorAll("tr")).extracting(row -> row.querySelector("code").getTextContent())
                .containsExactly("test_flip.py", "test_fan.py", "test_lock.py");
        assertThat(flakiest.querySelector("tr").getTextContent()).contains("100%");
    }

    private static java.util.List<String> items(HtmlPage page, String section) {
        return page.querySelectorAll("." + section + " li code").stream().map(n -> n.getTextContent()).toList();
    }

    private static String section(HtmlPage page, String section) {
        return page.querySelector("." + section).getTextContent();
    }
}
