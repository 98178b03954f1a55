package io.jenkins.plugins.systemtests.jenkins.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.systemtests.jenkins.SystemTestsRunAction;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import io.jenkins.plugins.systemtests.jenkins.support.NoPluginErrors;
import io.jenkins.plugins.systemtests.jenkins.support.Pipelines;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Every page of the plugin rendered by the test Jenkins, scripts on, with every link on it that leads to another of
 * its pages followed: each answers 200 and runs its scripts without an error.
 */
@WithJenkins
@ExtendWith(NoPluginErrors.class)
class SystemTestsPagesTest {
    @Test
    void every_page_and_every_link_on_it_answers(JenkinsRule j) throws Exception {
        SystemTestsService.get().library().save("lamp", "test_lamp.py", "print('lamp')\n".getBytes(StandardCharsets.UTF_8),
                false);
        WorkflowJob job = Pipelines.job(j, "pages", Map.of("t/test_ok.py", "print('ok')\n",
                "t/test_sum.py", "assert 1 + 1 == 3, 'arithmetic'\n"),
                "runSystemTests tests: ['t/test_ok.py', 't/test_sum.py', 'library:lamp/test_lamp.py']");
        WorkflowRun build = j.buildAndAssertStatus(hudson.model.Result.UNSTABLE, job);

        List<String> pages = List.of("system-tests/", "system-tests/test-machines/", "system-tests/library/",
                build.getUrl() + "system-tests/", job.getUrl() + "system-tests/", job.getUrl() + "configure",
                build.getUrl());
        Set<String> visited = new LinkedHashSet<>();
        List<String> failures = new ArrayList<>();
        try (JenkinsRule.WebClient web = j.createWebClient(); JenkinsRule.WebClient withoutScripts = j.createWebClient()) {
            // Test pages load highlight.js, which HtmlUnit's JavaScript engine cannot parse: their markup is checked
            // here, their scripts in jsdom (test-view.test.js) and in Chromium (the end-to-end suite).
            withoutScripts.getOptions().setJavaScriptEnabled(false);
            for (String page : pages) {
                HtmlPage html = web.goTo(page);
                visited.add(page);
                for (HtmlAnchor link : html.getAnchors()) {
                    String href = link.getHrefAttribute();
                    String target = href.isEmpty() ? null : html.getFullyQualifiedUrl(href).toString();
                    if (target == null || !target.startsWith(j.getURL().toString()) || !target.contains("system-tests")
                            || target.contains("/api/") || !visited.add(target)) {
                        continue;
                    }
                    boolean testPage = target.matches(".*/system-tests/\\d+/\\d+/$") || target.contains("/system-tests/test?");
                    int status = (testPage ? withoutScripts : web).getPage(target).getWebResponse().getStatusCode();
                    if (status != 200) {
                        failures.add(status + " " + target + " (linked from " + page + ")");
                    }
                }
            }
        }

        assertThat(failures).isEmpty();
        assertThat(visited).as("a test page inside the build was reached by a link")
                .anyMatch(url -> url.matches(".*/system-tests/\\d+/\\d+/$"));
    }

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
            long runId = build.getAction(SystemTestsRunAction.class).getRunIds().get(0);
            assertThat(buildPage.getAnchorByText("test_sum.py").getHrefAttribute())
                    .as("a failed test links to its page").isEqualTo("system-tests/" + runId + "/1/");
            String page = web.getPage(build, "system-tests/").asNormalizedText();
            assertThat(page).containsPattern("Run \\d+: built-in");
        }
    }

    @Test
    void each_test_has_its_page_inside_its_build_with_breadcrumbs_neighbours_and_its_console_line(JenkinsRule j)
            throws Exception {
        WorkflowJob job = Pipelines.job(j, "door", Map.of("t/test_ok.py", "print('ok')\n",
                "t/test_sum.py", "assert 1 + 1 == 3, 'arithmetic'\n"),
                "runSystemTests tests: ['t/test_ok.py', 't/test_sum.py']");
        WorkflowRun build = j.buildAndAssertStatus(hudson.model.Result.UNSTABLE, job);
        long runId = build.getAction(SystemTestsRunAction.class).getRunIds().get(0);

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
            long nextRunId = next.getAction(SystemTestsRunAction.class).getRunIds().get(0);
            assertThat(web.getPage(next, "system-tests/" + runId + "/1/").getUrl().toString())
                    .endsWith(next.getUrl() + "system-tests/" + nextRunId + "/1/");

            web.setThrowExceptionOnFailingStatusCode(false);
            assertThat(web.getPage(build, "system-tests/" + runId + "/2/").getWebResponse().getStatusCode()).isEqualTo(404);
            assertThat(web.getPage(build, "system-tests/" + (nextRunId + 1) + "/0/").getWebResponse().getStatusCode())
                    .as("a run no build has").isEqualTo(404);
        }
    }

    @Test
    void lists_word_a_run_as_jenkins_shows_its_unstable_build_and_the_job_page_shows_a_small_trend(JenkinsRule j)
            throws Exception {
        WorkflowJob job = Pipelines.job(j, "lock", Map.of("t/test_sum.py", "assert 1 + 1 == 3, 'arithmetic'\n"),
                "runSystemTests tests: ['t/test_sum.py']");
        j.buildAndAssertStatus(hudson.model.Result.UNSTABLE, job);

        try (JenkinsRule.WebClient web = j.createWebClient()) {
            web.getOptions().setJavaScriptEnabled(false);
            for (String list : List.of("system-tests/api/v1/history?job=lock", "system-tests/api/v1/runs",
                    "system-tests/api/v1/runs?outcome=unstable")) {
                com.fasterxml.jackson.databind.JsonNode run = io.jenkins.plugins.systemtests.core.json.Json.MAPPER
                        .readTree(web.goTo(list, "application/json").getWebResponse().getContentAsString())
                        .path("items").path(0);
                assertThat(run.path("status").asText()).as(list).isEqualTo("failed");
                assertThat(run.path("outcome").asText()).as(list).isEqualTo("unstable");
                assertThat(run.path("buildResult").asText()).as(list).isEqualTo("unstable");
            }
            HtmlPage jobPage = web.getPage(job);
            assertThat((Object) jobPage.querySelector(".system-tests-floating-trend .system-tests-chart")).isNotNull();
            assertThat(((HtmlAnchor) jobPage.querySelector("a.system-tests-trend-link")).getHrefAttribute())
                    .isEqualTo("system-tests/");
        }
    }

    @Test
    void runs_of_a_job_a_user_may_not_read_are_left_out_of_the_lists_and_their_tests_are_not_found(JenkinsRule j)
            throws Exception {
        WorkflowJob job = Pipelines.job(j, "secret", Map.of("t/test_ok.py", "print('ok')\n"),
                "runSystemTests tests: ['t/test_ok.py']");
        WorkflowRun build = j.buildAndAssertSuccess(job);
        long runId = build.getAction(SystemTestsRunAction.class).getRunIds().get(0);
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
    void the_test_machines_page_and_its_form_target_exist(JenkinsRule j) throws Exception {
        try (JenkinsRule.WebClient web = j.createWebClient()) {
            HtmlPage page = web.goTo("system-tests/test-machines/");
            assertThat(page.getWebResponse().getStatusCode()).isEqualTo(200);
            assertThat((Object) page.querySelector("form.system-tests-new-machine")).isNotNull();

            // The form posts to test-machines/create: a bad machine is answered there with a JSON list of problems.
            web.setThrowExceptionOnFailingStatusCode(false);
            org.htmlunit.WebRequest create = new org.htmlunit.WebRequest(
                    web.createCrumbedUrl("system-tests/test-machines/create"), org.htmlunit.HttpMethod.POST);
            create.setAdditionalHeader("Content-Type", "application/json");
            create.setRequestBody("{\"name\": \"\"}");
            org.htmlunit.WebResponse answer = web.getPage(create).getWebResponse();
            assertThat(answer.getStatusCode()).as(answer.getContentAsString()).isEqualTo(400);
            assertThat(answer.getContentType()).isEqualTo("application/json");
            assertThat(answer.getContentAsString()).contains("errorCode");
        }
    }

    @Test
    void the_library_and_test_machines_pages_are_named_in_the_breadcrumbs_and_an_empty_library_says_so(JenkinsRule j)
            throws Exception {
        try (JenkinsRule.WebClient web = j.createWebClient()) {
            web.getOptions().setJavaScriptEnabled(false);
            for (Map.Entry<String, String> page : Map.of("system-tests/library/", "Test library",
                    "system-tests/test-machines/", "Test machines").entrySet()) {
                HtmlPage html = web.goTo(page.getKey());
                List<String> crumbs = html.querySelectorAll(".jenkins-breadcrumbs__list-item").stream()
                        .map(node -> node.getTextContent().trim()).filter(text -> !text.isEmpty()).toList();
                assertThat(crumbs).as(page.getKey()).containsSubsequence("System Tests", page.getValue());
            }
            assertThat(web.goTo("system-tests/library/").asNormalizedText()).contains("No tests uploaded yet.");
        }
    }

    @Test
    void the_library_page_shows_each_file_with_its_size(JenkinsRule j) throws Exception {
        byte[] test = "print('door')\n".getBytes(StandardCharsets.UTF_8);
        SystemTestsService.get().library().save("door", "test_door.py", test, false);
        try (JenkinsRule.WebClient web = j.createWebClient()) {
            String text = web.goTo("system-tests/library/").asNormalizedText();
            assertThat(text).contains("test_door.py").contains(Integer.toString(test.length))
                    .contains("library:door/test_door.py").contains("as library:folder/file.py (for example library:door/test_lock.py);");
        }
    }
}
