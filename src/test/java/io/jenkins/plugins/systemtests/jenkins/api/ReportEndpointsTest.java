package io.jenkins.plugins.systemtests.jenkins.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsPermissions;
import io.jenkins.plugins.systemtests.jenkins.support.NoPluginErrors;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The machines' REST endpoints on a secured Jenkins: API-token authentication, the SystemTests/Report permission, the
 * contract's example messages accepted verbatim on both paths, and bad input answered with a 4xx JSON error.
 */
@WithJenkins
@ExtendWith(NoPluginErrors.class)
class ReportEndpointsTest {
    private static final Path EXAMPLES = Path.of(System.getProperty("project.basedir", ".")).resolve("docs/examples");
    private static final ObjectMapper JSON = new ObjectMapper();

    private JenkinsRule j;

    @BeforeEach
    void secure(JenkinsRule rule) {
        j = rule;
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ).everywhere().to("lab", "reader")
                .grant(SystemTestsPermissions.REPORT).everywhere().to("lab"));
    }

    @Test
    void a_reporter_with_an_api_token_posts_the_example_messages_verbatim_on_both_paths() throws Exception {
        for (String prefix : List.of("system-tests/api/v1/", "system-tests/tm_api/")) {
            boolean legacy = prefix.contains("tm_api");
            try (JenkinsRule.WebClient lab = j.createWebClient().withBasicApiToken("lab")) {
                WebResponse plan = post(lab, prefix + (legacy ? "dry_run" : "dry-run"), example("dry-run.json"));
                WebResponse start = post(lab, prefix + (legacy ? "test_start" : "test-start"), example("test-start.json"));
                WebResponse stop = post(lab, prefix + (legacy ? "test_stop" : "test-stop"), example("test-stop.json"));

                assertThat(plan.getStatusCode()).as(plan.getContentAsString()).isEqualTo(201);
                assertThat(start.getStatusCode()).as(start.getContentAsString()).isEqualTo(202);
                assertThat(stop.getStatusCode()).as(stop.getContentAsString()).isEqualTo(202);
                long runId = json(plan).path("runId").asLong();
                assertThat(runId).isPositive();
                assertThat(json(start).path("runId").asLong()).isEqualTo(runId);
                assertThat(json(stop).path("duplicate").asBoolean()).isFalse();
            }
        }
        try (JenkinsRule.WebClient lab = j.createWebClient().withBasicApiToken("lab")) {
            String runs = lab.goTo("system-tests/api/v1/runs", "application/json").getWebResponse().getContentAsString();
            assertThat(runs).contains("machine #1");
        }
    }

    @Test
    void the_read_paths_answer_as_documented_without_a_redirect() throws Exception {
        try (JenkinsRule.WebClient lab = j.createWebClient().withBasicApiToken("lab")) {
            post(lab, "system-tests/api/v1/dry-run", example("dry-run.json"));
            lab.getOptions().setRedirectEnabled(false);
            for (String path : List.of("runs", "runs/", "runs/1", "runs/1/delta?since=0", "runs/1/tests/0",
                    "runs/1/tests/0/log", "machines", "machines/machine%20%231/runs", "machines/machine%20%231/last")) {
                WebResponse answer = lab.getPage(new WebRequest(new URL(j.getURL(), "system-tests/api/v1/" + path)))
                        .getWebResponse();
                assertThat(answer.getStatusCode()).as(path + ": " + answer.getContentAsString()).isEqualTo(200);
                assertThat(answer.getContentType()).as(path).isEqualTo("application/json");
            }
        }
    }

    @Test
    void a_user_without_the_report_permission_gets_403_and_anonymous_is_refused() throws Exception {
        try (JenkinsRule.WebClient reader = j.createWebClient().withBasicApiToken("reader")) {
            WebResponse refused = post(reader, "system-tests/api/v1/dry-run", example("dry-run.json"));
            assertThat(refused.getStatusCode()).isEqualTo(403);
            assertThat(json(refused).path("errorCode").asText()).isNotEmpty();
        }
        try (JenkinsRule.WebClient anonymous = j.createWebClient()) {
            WebResponse refused = post(anonymous, "system-tests/api/v1/dry-run", example("dry-run.json"));
            assertThat(refused.getStatusCode()).isIn(401, 403);
        }
    }

    @Test
    void hostile_bodies_get_a_4xx_json_error_never_a_5xx() throws Exception {
        List<String> bodies = List.of("", "{", "[]", "null", "{\"machine_name\": 5}", "{\"machine_name\": \"m\"}",
                "{\"machine_name\": \"m\", \"file_path\": \"/x\", \"file_name\": \"t.py\", \"timestamp_start\": \"yesterday\"}",
                "\u0000\u0001garbage", "{\"machine_name\": \"" + "x".repeat(5000) + "\"}");
        try (JenkinsRule.WebClient lab = j.createWebClient().withBasicApiToken("lab")) {
            for (String path : List.of("dry-run", "test-start", "test-stop")) {
                for (String body : bodies) {
                    WebResponse answer = post(lab, "system-tests/api/v1/" + path, body.getBytes(StandardCharsets.UTF_8));
                    assertThat(answer.getStatusCode()).as(path + " " + body).isBetween(400, 499);
                    JsonNode error = json(answer);
                    assertThat(error.path("errorCode").asText()).as(path + " " + body).isNotEmpty();
                    assertThat(error.path("message").asText()).as(path + " " + body).isNotEmpty();
                }
            }
            WebRequest notJson = new WebRequest(new URL(j.getURL(), "system-tests/api/v1/dry-run"), HttpMethod.POST);
            notJson.setAdditionalHeader("Content-Type", "text/plain");
            notJson.setRequestBody("{}");
            assertThat(lab.getPage(notJson).getWebResponse().getStatusCode()).isBetween(400, 499);
            // Last: Jetty may close the connection after refusing a body it did not read to its end.
            WebResponse tooBig = post(lab, "system-tests/api/v1/dry-run", new byte[2 * 1024 * 1024]);
            assertThat(tooBig.getStatusCode()).isEqualTo(413);
        }
    }

    @Test
    void malformed_bodies_are_answered_briefly_in_our_words_on_every_endpoint_that_reads_one() throws Exception {
        // Each character stands for one byte on the wire (sent as ISO-8859-1): '\u00ff' is a byte no UTF-8 text has.
        List<String> bodies = List.of("{\"machine_name\": \"m\", \"file_path\": \"/t\"",
                "{\"machine_name\": 5, \"file_path\": [], \"timestamp_start\": true}",
                "{\"machine_name\": " + "9".repeat(300) + "}", "{\"machine_name\": \"\u00ff\u00fe\"}",
                "{\"a\": {\"b\": [[[{\"c\": }]]]}}", "[".repeat(100), "{\"a\": 1, \"a\": 2}", "[1, {\"timestamp_stop\": 7}]",
                "\u0000\u0001garbage");
        List<String> reports = List.of("api/v1/dry-run", "api/v1/test-start", "api/v1/test-stop", "api/v1/events",
                "tm_api/dry_run", "tm_api/test_start", "tm_api/test_stop");
        List<String> pages = List.of("library/upload", "test-machines/create");
        try (JenkinsRule.WebClient lab = j.createWebClient().withBasicApiToken("lab");
                JenkinsRule.WebClient admin = j.createWebClient().withBasicApiToken("admin")) {
            for (String body : bodies) {
                for (String path : java.util.stream.Stream.concat(reports.stream(), pages.stream()).toList()) {
                    WebResponse answer = postBytes(pages.contains(path) ? admin : lab, "system-tests/" + path, body);
                    String what = path + " <- " + body.substring(0, Math.min(body.length(), 40));
                    JsonNode json = json(answer);
                    List<JsonNode> errors = new java.util.ArrayList<>();
                    if (answer.getStatusCode() == 200 && json.has("results")) {
                        json.get("results").forEach(errors::add);
                    } else {
                        assertThat(answer.getStatusCode()).as(what + ": " + json).isBetween(400, 499);
                        errors.add(json);
                    }
                    for (JsonNode error : errors) {
                        String message = error.path("message").asText();
                        assertThat(error.path("errorCode").asText()).as(what).isNotEmpty();
                        assertThat(message).as(what).isNotBlank().hasSizeLessThanOrEqualTo(300)
                                .doesNotContainPattern("(?i)source:|redacted|jackson|fasterxml|reference chain|com\\.|"
                                        + "java\\.|exception|jsonnode|feature|`|\\(code \\d+\\)|\\bat [\\w$.]+\\(");
                        if (error.path("errorCode").asText().equals("MALFORMED_JSON")) {
                            assertThat(message).as(what).containsPattern("^Not valid JSON at line \\d+, column \\d+: \\w");
                        }
                    }
                }
            }
        }
    }

    /** POSTs a body whose characters are its bytes (ISO-8859-1), so that it can hold bytes UTF-8 never has. */
    private WebResponse postBytes(JenkinsRule.WebClient web, String path, String body) throws Exception {
        web.setThrowExceptionOnFailingStatusCode(false);
        WebRequest request = new WebRequest(new URL(j.getURL(), path), HttpMethod.POST);
        request.setAdditionalHeader("Content-Type", "application/json");
        request.setCharset(StandardCharsets.ISO_8859_1);
        request.setRequestBody(body);
        return web.getPage(request).getWebResponse();
    }

    private WebResponse post(JenkinsRule.WebClient web, String path, byte[] body) throws Exception {
        web.setThrowExceptionOnFailingStatusCode(false);
        WebRequest request = new WebRequest(new URL(j.getURL(), path), HttpMethod.POST);
        request.setAdditionalHeader("Content-Type", "application/json");
        request.setCharset(StandardCharsets.UTF_8);
        request.setRequestBody(new String(body, StandardCharsets.UTF_8));
        return web.getPage(request).getWebResponse();
    }

    private static byte[] example(String name) throws Exception {
        return Files.readAllBytes(EXAMPLES.resolve(name));
    }

    private static JsonNode json(WebResponse response) throws Exception {
        return JSON.readTree(response.getContentAsString(StandardCharsets.UTF_8));
    }
}
