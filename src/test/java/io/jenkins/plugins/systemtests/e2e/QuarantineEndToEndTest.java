package io.jenkins.plugins.systemtests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Quarantine on a real Jenkins, over HTTP: a test quarantined through the REST API fails in a build of the
 * {@code systemTests} DSL, and the build ends SUCCESS with the failure shown (console, build page, JUnit XML as the
 * junit step read it); a reader may list the quarantine but not change it.
 */
@ExtendWith(NoPluginProblemsInLog.class)
class QuarantineEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RealJenkins jenkins;

    @BeforeAll
    static void startJenkins() throws Exception {
        jenkins = RealJenkins.shared();
    }

    @Test
    void a_quarantined_failing_test_leaves_the_build_successful_with_the_failure_shown() throws Exception {
        jenkins.createJob("e2e-quarantine", RealJenkins.pipelineConfig("""
                node {
                  writeFile file: 't/test_ok.py', text: "print('ok')\\n"
                  writeFile file: 't/test_door.py', text: "assert False, 'the door stuck'\\n"
                  def s = systemTests tests: ['t/test_ok.py', 't/test_door.py']
                  junit testResults: 'system-tests-results.xml', skipMarkingBuildUnstable: true
                  echo "summary failed=${s.failed} result=${s.result}"
                }
                """));
        byte[] entry = "{\"testId\": \"t/test_door.py\", \"owner\": \"ana\", \"reason\": \"LAB-12\", \"days\": 3}"
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> refused = jenkins.post("reader", "system-tests/api/v1/quarantine/add?job=e2e-quarantine",
                "application/json", entry);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(JSON.readTree(refused.body()).path("errorCode").asText()).isEqualTo("FORBIDDEN");
        HttpResponse<String> added = jenkins.post("admin", "system-tests/api/v1/quarantine/add?job=e2e-quarantine",
                "application/json", entry);
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);

        int number = jenkins.startBuild("e2e-quarantine", Duration.ofMinutes(2));
        JsonNode result = jenkins.awaitResult("e2e-quarantine", number, Duration.ofMinutes(3));

        String console = jenkins.get("admin", "job/e2e-quarantine/" + number + "/consoleText").body();
        assertThat(result.path("result").asText()).as(console).isEqualTo("SUCCESS");
        assertThat(console).contains("FAILED  t/test_door.py", "t/test_door.py failed, but it is quarantined (owner ana",
                "summary failed=1 result=SUCCESS");
        assertThat(jenkins.get("reader", "job/e2e-quarantine/" + number + "/").body())
                .contains("Quarantined tests that failed").contains("t/test_door.py").contains("LAB-12");
        JsonNode tests = JSON.readTree(jenkins.get("reader", "job/e2e-quarantine/" + number
                + "/testReport/api/json?tree=failCount,suites[cases[name,errorDetails]]").body());
        assertThat(tests.path("failCount").asInt()).isEqualTo(1);
        assertThat(tests.findValuesAsText("errorDetails")).anyMatch(d -> d.startsWith("[quarantined] "));

        JsonNode listed = JSON.readTree(jenkins.get("reader", "system-tests/api/v1/quarantine?job=e2e-quarantine").body());
        assertThat(listed.path("quarantined").get(0).path("owner").asText()).isEqualTo("ana");
        assertThat(jenkins.get("admin", "job/e2e-quarantine/config.xml").body())
                .contains("<testId>t/test_door.py</testId>");
    }
}
