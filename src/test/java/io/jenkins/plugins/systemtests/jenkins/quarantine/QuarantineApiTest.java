package io.jenkins.plugins.systemtests.jenkins.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import hudson.model.FreeStyleProject;
import hudson.model.Item;
import io.jenkins.plugins.systemtests.core.json.Json;
import io.jenkins.plugins.systemtests.jenkins.support.NoPluginErrors;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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

/** {@code api/v1/quarantine}: list, add and remove, with their permissions and JSON refusals. */
@WithJenkins
@ExtendWith(NoPluginErrors.class)
class QuarantineApiTest {
    private JenkinsRule j;
    private FreeStyleProject job;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        job = j.createFreeStyleProject("nightly");
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ).everywhere().to("viewer", "lead")
                .grant(Item.CONFIGURE).everywhere().to("lead"));
    }

    private WebResponse call(String user, HttpMethod method, String path, String body) throws Exception {
        JenkinsRule.WebClient web = j.createWebClient().withBasicApiToken(user);
        web.setThrowExceptionOnFailingStatusCode(false);
        WebRequest request = new WebRequest(new URL(j.getURL(), "system-tests/api/v1/" + path), method);
        if (body != null) {
            request.setAdditionalHeader("Content-Type", "application/json");
            request.setCharset(StandardCharsets.UTF_8);
            request.setRequestBody(body);
        }
        WebResponse response = web.getPage(request).getWebResponse();
        assertThat(response.getContentType()).isEqualTo("application/json");
        return response;
    }

    private static JsonNode json(WebResponse response) throws Exception {
        return Json.MAPPER.readTree(response.getContentAsString());
    }

    @Test
    void a_user_who_may_configure_the_job_adds_lists_and_removes_a_quarantine() throws Exception {
        WebResponse added = call("lead", HttpMethod.POST, "quarantine/add?job=nightly",
                "{\"testId\": \"t/test_door.py\", \"owner\": \"ana\", \"reason\": \"LAB-12\", \"days\": 7}");
        assertThat(added.getStatusCode()).as(added.getContentAsString()).isEqualTo(200);
        JsonNode entry = json(added).get("quarantined").get(0);
        assertThat(entry.get("testId").textValue()).isEqualTo("t/test_door.py");
        assertThat(entry.get("addedBy").textValue()).isEqualTo("lead");
        assertThat(entry.get("active").booleanValue()).isTrue();
        assertThat(Duration.between(Instant.now(), Instant.parse(entry.get("expires").textValue())).toDays())
                .isBetween(6L, 7L);
        assertThat(job.getConfigFile().asString()).contains("<testId>t/test_door.py</testId>");

        JsonNode listed = json(call("viewer", HttpMethod.GET, "quarantine?job=nightly", null));
        assertThat(listed.get("job").textValue()).isEqualTo("nightly");
        assertThat(listed.get("quarantined")).extracting(e -> e.get("owner").textValue()).containsExactly("ana");

        WebResponse removed = call("lead", HttpMethod.POST, "quarantine/remove?job=nightly",
                "{\"testId\": \"t/test_door.py\"}");
        assertThat(removed.getStatusCode()).isEqualTo(200);
        assertThat(json(removed).get("quarantined")).isEmpty();
        assertThat(Quarantines.of(job).entries()).isEmpty();
    }

    @Test
    void a_reader_may_list_but_not_change_and_refusals_are_json_errors() throws Exception {
        WebResponse refused = call("viewer", HttpMethod.POST, "quarantine/add?job=nightly",
                "{\"testId\": \"t/test_door.py\", \"owner\": \"ana\", \"reason\": \"LAB-12\"}");
        assertThat(refused.getStatusCode()).isEqualTo(403);
        assertThat(json(refused).get("errorCode").textValue()).isEqualTo("FORBIDDEN");
        assertThat(json(refused).get("message").textValue()).contains("Job/Configure");
        assertThat(Quarantines.of(job).entries()).isEmpty();

        assertError(call("lead", HttpMethod.POST, "quarantine/add?job=nightly",
                "{\"testId\": \"t/test_door.py\", \"reason\": \"LAB-12\"}"), 400, "INVALID_FIELD", "owner: missing");
        assertError(call("lead", HttpMethod.POST, "quarantine/add?job=nightly",
                "{\"testId\": \"t\", \"owner\": \"a\", \"reason\": \"r\", \"days\": 400}"), 400, "INVALID_FIELD",
                "days: a whole number of days from 1 to 366");
        assertError(call("lead", HttpMethod.POST, "quarantine/add?job=nightly", "{not json"), 400, "MALFORMED_JSON",
                "not JSON");
        assertError(call("lead", HttpMethod.POST, "quarantine/remove?job=nightly", "{\"testId\": \"t/none.py\"}"),
                404, "NOT_FOUND", "not quarantined");
        assertError(call("lead", HttpMethod.GET, "quarantine/add?job=nightly", null), 400, "INVALID_REQUEST",
                "takes POST");
        assertError(call("lead", HttpMethod.GET, "quarantine", null), 400, "INVALID_REQUEST", "job: missing");
        assertError(call("lead", HttpMethod.GET, "quarantine?job=nope", null), 404, "NOT_FOUND", "nope");
    }

    private static void assertError(WebResponse response, int status, String code, String message) throws Exception {
        assertThat(response.getStatusCode()).as(response.getContentAsString()).isEqualTo(status);
        assertThat(json(response).get("errorCode").textValue()).isEqualTo(code);
        assertThat(json(response).get("message").textValue()).contains(message);
    }
}
