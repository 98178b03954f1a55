package io.jenkins.plugins.systemtests.jenkins.results;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.FreeStyleBuild;
import io.jenkins.plugins.systemtests.jenkins.support.NoPluginErrors;
import io.jenkins.plugins.systemtests.jenkins.support.Pipelines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * A build's results as its pages show them: the summary on the build page, the System Tests page, each test's page
 * inside its build, and runs of a job the user may not read left out.
 */
@WithJenkins
@ExtendWith(NoPluginErrors.class)
class BuildPagesTest {
    @Test
    void the_build_page_sums_its_runs_up_and_the_system_tests_page_heads_each_run(JenkinsRule j) throws Exception {
        WorkflowJob job = Pipelines.job(j, "summary", Map.of("t/test_ok.py", "print('ok')\n",
                "t/test_sum.py", "assert 1 + 1 == 3, 'arithmetic'\n"),
                "runSystemTests tests: ['t/test_ok.py', 't/test_sum.py']");
        WorkflowRun build = j.buildAndAssertStatus(hudson.model.Result.UNSTABLE, job);

        try (JenkinsRule.WebClient web = j.createWebClient()) {
            HtmlPage buildPage = web.getPage(build);
            assertThat(buildPage.asNormalizedText()).containsPattern("Run \\d+ \\(built-in\\): unstable, 1 passed, 1 failed")
                    .contains("test_sum.py: AssertionError: arithmetic");
            long runId = build.getAction(BuildRuns.class).getRunIds().get(0);
            assertThat(buildPage.getAnchorByText("test_sum.py").getHrefAttribute())
                    .as("a failed test links to its page").isEqualTo("system-tests/" + runId + "/1/");
            String page = web.getPage(build, "system-tests/").asNormalizedText();
            assertThat(page).containsPattern("Run \\d+: built-in");
            // what the open page of a building build asks to notice a run that a later step starts
            String runIds = web.goTo(build.getUrl() + "system-tests/runIds", "application/json").getWebResponse()
                    .getContentAsString();
            assertThat(runIds).isEqualTo("{\"building\":false,\"runIds\":[" + runId + "]}");
        }
    }

    @Test
    void each_test_has_its_page_inside_its_build_with_breadcrumbs_neighbours_and_its_console_line(JenkinsRule j)
            throws Exception {
        WorkflowJob job = Pipelines.job(j, "door", Map.of("t/test_ok.py", "print('ok')\n",
                "t/test_sum.py", "assert 1 + 1 == 3, 'arithmetic'\n"),
                "runSystemTests tests: ['t/test_ok.py', 't/test_sum.py']");
        WorkflowRun build = j.buildAndAssertStatus(hudson.model.Result.UNSTABLE, job);
        long runId = build.getAction(BuildRuns.class).getRunIds().get(0);

        try (JenkinsRule.WebClient web = j.createWebClient()) {
            // What the server renders (HtmlUnit cannot parse highlight.js; the scripts run in jsdom and in Chromium).
            web.getOptions().setJavaScriptEnabled(false);
            HtmlPage second = web.getPage(build, "system-tests/" + runId + "/1/");
            List<String> crumbs = second.querySelectorAll(".jenkins-breadcrumbs__list-item").stream()
                    .map(node -> node.getTextContent().trim()).filter(text -> !text.isEmpty()).toList();
            assertThat(crumbs).containsSubsequence("door", "#1", "System Tests", "test_sum.py");
            assertThat(((HtmlAnchor) second.querySelector("a[rel=prev]")).getHrefAttribute()).isEqualTo("../0/");
            assertThat((Object) second.querySelector("a[rel=next]")).as("the last test has no next").isNull();
            String console = ((HtmlAnchor) second.querySelector("a.system-tests-console-link")).getHrefAttribute();
            assertThat(console).isEqualTo("../../../consoleFull#system-tests-1-1");

            HtmlPage full = web.getPage(build, "consoleFull");
            assertThat(full.getElementById("system-tests-1-1").getParentNode().getTextContent())
                    .as("the anchor sits on the test's START line").contains("START").contains("test_sum.py");
            assertThat(full.getElementById("system-tests-1-0")).isNotNull();

            HtmlPage first = web.getPage(build, "system-tests/" + runId + "/0/");
            assertThat((Object) first.querySelector("a[rel=prev]")).isNull();
            assertThat(((HtmlAnchor) first.querySelector("a[rel=next]")).getHrefAttribute()).isEqualTo("../1/");

            // The plugin's own test link of a build's run leads into the build.
            HtmlPage moved = web.goTo("system-tests/test?run=" + runId + "&n=1");
            assertThat(moved.getUrl().toString()).endsWith(build.getUrl() + "system-tests/" + runId + "/1/");

            // Jenkins' "Next Build" keeps the rest of the URL: it leads to the same test in the next build's run.
            WorkflowRun next = j.buildAndAssertStatus(hudson.model.Result.UNSTABLE, job);
            long nextRunId = next.getAction(BuildRuns.class).getRunIds().get(0);
            assertThat(web.getPage(next, "system-tests/" + runId + "/1/").getUrl().toString())
                    .endsWith(next.getUrl() + "system-tests/" + nextRunId + "/1/");

            web.setThrowExceptionOnFailingStatusCode(false);
            assertThat(web.getPage(build, "system-tests/" + runId + "/2/").getWebResponse().getStatusCode()).isEqualTo(404);
            assertThat(web.getPage(build, "system-tests/" + (nextRunId + 1) + "/0/").getWebResponse().getStatusCode())
                    .as("a run no build has").isEqualTo(404);
        }
    }

    @Test
    void runs_of_a_job_a_user_may_not_read_are_left_out_of_the_lists_and_their_tests_are_not_found(JenkinsRule j)
            throws Exception {
        WorkflowJob job = Pipelines.job(j, "secret", Map.of("t/test_ok.py", "print('ok')\n"),
                "runSystemTests tests: ['t/test_ok.py']");
        WorkflowRun build = j.buildAndAssertSuccess(job);
        long runId = build.getAction(BuildRuns.class).getRunIds().get(0);
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new org.jvnet.hudson.test.MockAuthorizationStrategy()
                .grant(jenkins.model.Jenkins.READ).everywhere().to("outsider", "insider")
                .grant(hudson.model.Item.READ).onItems(job).to("insider"));

        try (JenkinsRule.WebClient web = j.createWebClient()) {
            web.getOptions().setJavaScriptEnabled(false);
            web.setThrowExceptionOnFailingStatusCode(false);
            for (String user : List.of("insider", "outsider")) {
                web.login(user);
                com.fasterxml.jackson.databind.JsonNode runs = io.jenkins.plugins.systemtests.core.json.Json.MAPPER
                        .readTree(web.goTo("system-tests/api/v1/runs", "application/json").getWebResponse()
                                .getContentAsString());
                int test = web.goTo("system-tests/api/v1/runs/" + runId + "/tests/0", null).getWebResponse()
                        .getStatusCode();
                if (user.equals("insider")) {
                    assertThat(runs.path("total").asInt()).isEqualTo(1);
                    assertThat(test).isEqualTo(200);
                } else {
                    assertThat(runs.path("total").asInt()).as("as if the run did not exist").isZero();
                    assertThat(test).isEqualTo(404);
                }
            }
        }
    }

    @Test
    void a_build_recorded_under_the_former_name_keeps_its_runs_and_its_page(JenkinsRule j) throws Exception {
        FreeStyleBuild build = j.buildAndAssertSuccess(j.createFreeStyleProject("recorded-before"));
        Path xml = build.getRootDir().toPath().resolve("build.xml");
        String former = BuildRuns.FORMER_NAME;
        Files.writeString(xml, Files.readString(xml).replaceFirst("<actions>", "<actions>\n    <" + former
                + " plugin=\"system-tests@0.1.0\"><runIds><long>41</long><long>42</long></runIds>"
                + "<waitingSince>0</waitingSince><waitingLimitMinutes>0</waitingLimitMinutes></" + former + ">"));

        build.reload();

        assertThat(build.getAction(BuildRuns.class).getRunIds()).containsExactly(41L, 42L);
        assertThat(build.getAction(BuildRunsPage.class)).as("the build's System Tests page").isNotNull();
        build.save();
        assertThat(Files.readString(xml)).contains("<" + BuildRuns.class.getName()).doesNotContain(former)
                .doesNotContain("waiting");
    }
}
