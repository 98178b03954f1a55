package io.jenkins.plugins.systemtests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real open-source pytest suites (src/test/real-suites, see its README) through a Pipeline build on the real Jenkins,
 * as a user moving a suite from {@code pytest --junitxml} to the plugin would run them: the suite in the workspace,
 * {@code systemTests} over its test targets, the {@code junit} step on the plugin's JUnit XML. Every test must have
 * the outcome pytest's own junitxml gives it, in the plugin's XML and in Jenkins' test report, whose counts must be
 * pytest's.
 */
@ExtendWith(NoPluginProblemsInLog.class)
class RealSuitesEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PYTHON = System.getenv().getOrDefault("SYSTEM_TESTS_PYTHON", "python3");

    @TempDir
    static Path scratch;

    private static RealJenkins jenkins;

    @BeforeAll
    static void startJenkins() throws Exception {
        jenkins = RealJenkins.shared();
    }

    static Stream<RealSuite> suites() {
        return RealSuite.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void every_test_has_pytest_s_own_outcome_through_a_pipeline_build_and_its_junit_report(RealSuite suite)
            throws Exception {
        Map<String, String> pytest = suite.pytestOutcomes(PYTHON, scratch.resolve("reference"));
        assertThat(pytest).as("pytest's junitxml of " + suite.name()).hasSizeGreaterThanOrEqualTo(suite.atLeast());
        String job = "real-suite-" + suite.name();
        jenkins.createJob(job, RealJenkins.pipelineConfig(suite.pipeline(PYTHON)));

        int number = jenkins.startBuild(job, Duration.ofMinutes(2));

        JsonNode build = jenkins.awaitResult(job, number, Duration.ofMinutes(5));
        String console = jenkins.get("admin", "job/" + job + "/" + number + "/consoleText").body();
        boolean anyFailed = pytest.containsValue("failed") || pytest.containsValue("error");
        assertThat(build.path("result").asText()).as(console).isEqualTo(anyFailed ? "UNSTABLE" : "SUCCESS");
        Path pluginXml = jenkins.home.resolve("workspace").resolve(job).resolve(suite.name())
                .resolve("system-tests-results.xml");
        assertThat(RealSuite.outcomes(pluginXml)).as("the plugin's JUnit XML, test by test (classname::name)")
                .containsExactlyInAnyOrderEntriesOf(pytest);

        JsonNode report = JSON.readTree(jenkins.get("reader", "job/" + job + "/" + number
                + "/testReport/api/json?tree=passCount,failCount,skipCount,suites[cases[className,name,status]]").body());
        Map<String, Long> counts = pytest.values().stream()
                .collect(Collectors.groupingBy(outcome -> outcome.equals("error") ? "failed" : outcome,
                        Collectors.counting()));
        assertThat(report.path("passCount").asLong()).as("passed in Jenkins' test report").isEqualTo(counts.getOrDefault("passed", 0L));
        assertThat(report.path("failCount").asLong()).as("failed in Jenkins' test report").isEqualTo(counts.getOrDefault("failed", 0L));
        assertThat(report.path("skipCount").asLong()).as("skipped in Jenkins' test report").isEqualTo(counts.getOrDefault("skipped", 0L));
        assertThat(reportOutcomes(report)).as("Jenkins' test report, test by test")
                .containsExactlyInAnyOrderEntriesOf(pytest.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                        e -> e.getValue().equals("error") ? "failed" : e.getValue())));
    }

    /** The junit plugin's cases as classname::name to passed, failed (its failures and errors) or skipped. */
    private static Map<String, String> reportOutcomes(JsonNode report) {
        Map<String, String> outcomes = new HashMap<>();
        List<String> twice = new ArrayList<>();
        for (JsonNode suite : report.path("suites")) {
            for (JsonNode test : suite.path("cases")) {
                String status = switch (test.path("status").asText()) {
                    case "PASSED", "FIXED" -> "passed";
                    case "FAILED", "REGRESSION" -> "failed";
                    case "SKIPPED" -> "skipped";
                    default -> test.path("status").asText();
                };
                String key = test.path("className").asText() + "::" + test.path("name").asText();
                if (outcomes.put(key, status) != null) {
                    twice.add(key);
                }
            }
        }
        assertThat(twice).as("cases of the same classname and name").isEmpty();
        return outcomes;
    }
}
