package io.jenkins.plugins.systemtests.jenkins.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.systemtests.core.protocol.ErrorCode;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsPermissions;
import io.jenkins.plugins.systemtests.jenkins.support.NoPluginErrors;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import org.kohsuke.stapler.WebMethod;

/**
 * docs/api.md, docs/openapi.yaml and the code say the same: the same paths, the same error codes, every documented
 * path answering on a real Jenkins, every endpoint of the code documented. A change to one without the others fails.
 */
@WithJenkins
@ExtendWith(NoPluginErrors.class)
class DocumentedApiTest {
    private static final Path DOCS = Path.of(System.getProperty("project.basedir", ".")).resolve("docs");
    private static final Pattern MD_PATH = Pattern.compile("`(GET|POST) (?:/system-tests/)?((?:api/v1|tm_api)/[^`?\\s]*)");
    private static final Pattern OPENAPI_PATH = Pattern.compile("(?m)^  /((?:api/v1|tm_api)/[^:]*):$");

    @Test
    void the_error_codes_are_the_same_in_the_code_the_guide_and_the_schema() throws Exception {
        Set<String> code = Arrays.stream(ErrorCode.values()).map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
        Set<String> guide = matches(read("api.md"), Pattern.compile("(?m)^\\| \\d{3} \\| `([A-Z_]+)` \\|"));
        Matcher enumeration = Pattern.compile("errorCode:\\s*\\n\\s*type: string\\s*\\n\\s*enum: \\[([^\\]]+)\\]")
                .matcher(read("openapi.yaml"));
        assertThat(enumeration.find()).as("the errorCode enum in openapi.yaml").isTrue();
        Set<String> schema = Arrays.stream(enumeration.group(1).split(",")).map(String::trim)
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(guide).isEqualTo(code);
        assertThat(schema).isEqualTo(code);
        for (ErrorCode error : ErrorCode.values()) {
            assertThat(read("api.md")).as(error.name() + "'s status")
                    .containsPattern("\\| " + error.httpStatus() + " \\| `" + error.name() + "`");
        }
    }

    @Test
    void the_guide_and_the_schema_document_the_same_paths_and_every_endpoint_of_the_code() throws Exception {
        Set<String> guide = paths(read("api.md"), MD_PATH, 2);
        Set<String> schema = paths(read("openapi.yaml"), OPENAPI_PATH, 1);
        assertThat(schema).isEqualTo(guide);

        Set<String> endpoints = new TreeSet<>();
        endpoints.addAll(webMethods(ApiV1.class, "api/v1/"));
        endpoints.addAll(webMethods(LegacyApi.class, "tm_api/"));
        for (String endpoint : endpoints) {
            assertThat(guide).as("a documented path for " + endpoint)
                    .anyMatch(path -> path.equals(endpoint) || path.startsWith(endpoint + "/"));
        }
        for (String path : guide) {
            assertThat(endpoints).as("an endpoint of the code serving " + path)
                    .anyMatch(endpoint -> path.equals(endpoint) || path.startsWith(endpoint + "/"));
        }
    }

    @Test
    void every_documented_path_answers_on_a_real_jenkins(JenkinsRule j) throws Exception {
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, SystemTestsPermissions.REPORT).everywhere().to("lab"));
        String md = read("api.md");
        try (JenkinsRule.WebClient lab = j.createWebClient().withBasicApiToken("lab")) {
            lab.setThrowExceptionOnFailingStatusCode(false);
            lab.getOptions().setRedirectEnabled(false);
            post(j, lab, "api/v1/dry-run", Files.readString(DOCS.resolve("examples/dry-run.json")));
            post(j, lab, "api/v1/test-start", Files.readString(DOCS.resolve("examples/test-start.json")));
            Matcher documented = MD_PATH.matcher(md);
            while (documented.find()) {
                String path = documented.group(2).replace("{id}", "1").replace("{n}", "0")
                        .replace("{name}", "machine%20%231");
                WebResponse answer = documented.group(1).equals("GET")
                        ? lab.getPage(new WebRequest(new URL(j.getURL(), "system-tests/" + path + query(path))))
                                .getWebResponse()
                        : post(j, lab, path, "{}");
                assertThat(answer.getStatusCode()).as(documented.group() + " " + answer.getContentAsString())
                        .isNotIn(404, 405, 500).isLessThan(500);
                assertThat(answer.getContentType()).as(documented.group()).isEqualTo("application/json");
            }
        }
    }

    private static String query(String path) {
        return path.endsWith("history") ? "?job=lab" : path.endsWith("history/test") ? "?job=lab&file_name=t.py" : "";
    }

    private static WebResponse post(JenkinsRule j, JenkinsRule.WebClient web, String path, String body)
            throws Exception {
        WebRequest request = new WebRequest(new URL(j.getURL(), "system-tests/" + path), HttpMethod.POST);
        request.setAdditionalHeader("Content-Type", "application/json");
        request.setCharset(StandardCharsets.UTF_8);
        request.setRequestBody(body);
        return web.getPage(request).getWebResponse();
    }

    /** The path of each web method: its {@code @WebMethod} name, or its name without {@code do}, decapitalised. */
    private static Set<String> webMethods(Class<?> routes, String prefix) {
        Set<String> paths = new TreeSet<>();
        for (Method method : routes.getDeclaredMethods()) {
            if (!method.getName().startsWith("do") || !java.lang.reflect.Modifier.isPublic(method.getModifiers())) {
                continue;
            }
            WebMethod named = method.getAnnotation(WebMethod.class);
            String name = named != null ? named.name()[0]
                    : method.getName().substring(2, 3).toLowerCase(Locale.ROOT) + method.getName().substring(3);
            paths.add(prefix + name);
        }
        return paths;
    }

    private static Set<String> paths(String text, Pattern pattern, int group) {
        Set<String> paths = new TreeSet<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            paths.add(matcher.group(group).replaceAll("/$", ""));
        }
        return paths;
    }

    private static Set<String> matches(String text, Pattern pattern) {
        return paths(text, pattern, 1);
    }

    private static String read(String name) throws Exception {
        return Files.readString(DOCS.resolve(name));
    }
}
