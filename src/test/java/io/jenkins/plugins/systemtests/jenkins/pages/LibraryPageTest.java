package io.jenkins.plugins.systemtests.jenkins.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.systemtests.jenkins.SystemTestsPermissions;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import io.jenkins.plugins.systemtests.jenkins.support.NoPluginErrors;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
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

/** The test library's upload and delete: only for users with SystemTests/Upload. */
@WithJenkins
@ExtendWith(NoPluginErrors.class)
class LibraryPageTest {
    private JenkinsRule j;

    @BeforeEach
    void secure(JenkinsRule rule) {
        j = rule;
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ).everywhere().to("uploader", "reader")
                .grant(SystemTestsPermissions.UPLOAD).everywhere().to("uploader"));
    }

    @Test
    void an_uploader_adds_and_deletes_a_test_and_a_reader_may_not() throws Exception {
        String content = Base64.getEncoder().encodeToString("print('lamp')\n".getBytes(StandardCharsets.UTF_8));
        String upload = "{\"directory\": \"lamp\", \"files\": [{\"name\": \"test_lamp.py\", \"content\": \"" + content + "\"}]}";

        try (JenkinsRule.WebClient reader = j.createWebClient().withBasicApiToken("reader")) {
            WebResponse refused = post(reader, "system-tests/library/upload", upload);
            assertThat(refused.getStatusCode()).isEqualTo(403);
            assertThat(refused.getContentAsString()).contains("SystemTests/Upload");
            assertThat(reader.goTo("system-tests/library/").asNormalizedText()).doesNotContain("Delete");
        }
        try (JenkinsRule.WebClient uploader = j.createWebClient().withBasicApiToken("uploader")) {
            assertThat(post(uploader, "system-tests/library/upload", upload).getStatusCode()).isEqualTo(201);
            assertThat(SystemTestsService.get().library().list()).containsKey("lamp");
            assertThat(uploader.goTo("system-tests/library/").asNormalizedText()).contains("library:lamp/test_lamp.py");

            WebResponse deleted = post(uploader, "system-tests/library/delete",
                    "{\"directory\": \"lamp\", \"file\": \"test_lamp.py\"}");
            assertThat(deleted.getStatusCode()).isBetween(200, 204);
            assertThat(SystemTestsService.get().library().list()).doesNotContainKey("lamp");
        }
    }

    private WebResponse post(JenkinsRule.WebClient web, String path, String body) throws Exception {
        web.setThrowExceptionOnFailingStatusCode(false);
        WebRequest request = new WebRequest(new URL(j.getURL(), path), HttpMethod.POST);
        request.setAdditionalHeader("Content-Type", "application/json");
        request.setCharset(StandardCharsets.UTF_8);
        request.setRequestBody(body);
        return web.getPage(request).getWebResponse();
    }
}
