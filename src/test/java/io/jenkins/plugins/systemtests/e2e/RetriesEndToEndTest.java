package io.jenkins.plugins.systemtests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Retries on the real Jenkins (the shared {@link RealJenkins}, the plugin from {@code target/system-tests.hpi}, the
 * junit plugin as installed): a deliberately flaky test, failing on its first attempt and passing on its second, with
 * {@code retries: 1} gives a SUCCESS build, the flaky mark, both attempts in the read API and on the test page's
 * data, and JUnit XML in Surefire's rerun format that the junit step reads as one passed test.
 */
@ExtendWith(NoPluginProblemsInLog.class)
class RetriesEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FLAKY = String.join("\\n",
            "import os",
            "mark = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'flaky.marker')",
            "if not os.path.exists(mark):",
            "    open(mark, 'w').close()",
            "    print('first attempt: the rig was still booting')",
            "    raise AssertionError('the lamp did not light: TimeoutError')",
            "print('second attempt: lit')", "");

    private static RealJenkins jenkins;

    @BeforeAll
    static void startJenkins() throws Exception {
        jenkins = RealJenkins.shared();
    }

    @Test
    void a_test_that_fails_once_and_passes_on_its_retry_is_a_flaky_pass_that_the_junit_step_reads() throws Exception {
        jenkins.createJob("e2e-retries", RealJenkins.pipelineConfig("""
                node {
                  deleteDir()
                  writeFile file: 't/test_lamp.py', text: "%s"
                  def s = runSystemTests tests: 't/test_lamp.py', retries: 1, retryOn: 'TimeoutError',
                      junitXml: 'out/results.xml'
                  echo "summary passed=${s.passed} flaky=${s.flaky} failed=${s.failed} result=${s.result} run=${s.runId}"
                  junit 'out/results.xml'
                }
                """.formatted(FLAKY)));
        int number = jenkins.startBuild("e2e-retries", Duration.ofMinutes(2));

        JsonNode build = jenkins.awaitResult("e2e-retries", number, Duration.ofMinutes(3));
        String console = jenkins.get("admin", "job/e2e-retries/" + number + "/consoleText").body();
        assertThat(build.path("result").asText()).as(console).isEqualTo("SUCCESS");
        assertThat(console).contains("; retrying").contains("RETRY   t/test_lamp.py (attempt 2 of 2)")
                .contains("System Tests: 1 passed (1 flaky)")
                .contains("summary passed=1 flaky=1 failed=0 result=SUCCESS");
        Matcher run = Pattern.compile("summary .* run=(\\d+)").matcher(console);
        assertThat(run.find()).isTrue();

        JsonNode test = JSON.readTree(jenkins.get("reader", "system-tests/api/v1/runs/" + run.group(1) + "/tests/0")
                .body());
        assertThat(test.path("status").asText()).isEqualTo("passed");
        assertThat(test.path("flaky").asBoolean()).isTrue();
        assertThat(test.path("attempt").asInt()).isEqualTo(2);
        assertThat(test.at("/attempts/0/status").asText()).isEqualTo("failed");
        assertThat(test.at("/attempts/0/reason").asText()).isEqualTo("AssertionError: the lamp did not light: TimeoutError");
        assertThat(JSON.readTree(jenkins.get("reader", "system-tests/api/v1/runs/" + run.group(1)
                + "/tests/0/log?attempt=1").body()).path("log").asText()).contains("the rig was still booting");
        assertThat(jenkins.get("reader", "job/e2e-retries/" + number + "/system-tests/" + run.group(1) + "/0/").body())
                .contains("system-tests-attempts");
        assertThat(jenkins.get("reader", "job/e2e-retries/" + number + "/").body()).contains("1 passed (1 flaky)");

        // The junit plugin's own result: one test, passed. The installed junit (1359) does not model Surefire's
        // flaky attempts, so it shows the test passed without listing its <flakyFailure>.
        JsonNode report = JSON.readTree(jenkins.get("reader", "job/e2e-retries/" + number
                + "/testReport/api/json?tree=passCount,failCount,skipCount,suites[cases[name,status]]").body());
        assertThat(report.path("failCount").asInt()).isZero();
        assertThat(report.path("passCount").asInt()).isEqualTo(1);
        assertThat(report.at("/suites/0/cases/0/name").asText()).isEqualTo("test_lamp.py");
        assertThat(report.at("/suites/0/cases/0/status").asText()).isEqualTo("PASSED");
    }
}
