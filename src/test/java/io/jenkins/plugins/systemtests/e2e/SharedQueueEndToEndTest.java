package io.jenkins.plugins.systemtests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One plan across several environments on the real Jenkins (the shared instance): four environments, one of them
 * held by another build at the start; then two by label, and the build aborted midway.
 */
@ExtendWith(NoPluginProblemsInLog.class)
class SharedQueueEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RealJenkins jenkins;

    @BeforeAll
    static void startJenkins() throws Exception {
        jenkins = RealJenkins.shared();
    }

    /** writeFile steps for n tests that print where they ran and sleep as long as given (tenths of a second). */
    private static String tests(int... tenths) {
        StringBuilder steps = new StringBuilder();
        for (int i = 0; i < tenths.length; i++) {
            steps.append(String.format("  writeFile file: 't/test_%02d.py', text: \"import os, time\\nprint('ran on', "
                    + "os.environ['SYSTEM_TESTS_ENVIRONMENT'])\\ntime.sleep(%s)\\n\"%n", i, tenths[i] / 10.0));
        }
        return steps.toString();
    }

    @Test
    void four_environments_one_held_by_another_build_share_one_queue_into_one_run() throws Exception {
        jenkins.createJob("e2e-queue-holder", RealJenkins.pipelineConfig("""
                node {
                  writeFile file: 'hold.py', text: "import time\\ntime.sleep(3)\\n"
                  systemTests tests: ['hold.py'], environment: '43'
                }
                """));
        jenkins.createJob("e2e-queue-four", RealJenkins.pipelineConfig("node {\n" + tests(30, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20)
                + "  def s = systemTests tests: ['t'], environments: ['41', '42', '43', '44']\n"
                + "  echo \"passed=${s.passed} runId=${s.runId}\"\n}\n"));
        int holder = jenkins.startBuild("e2e-queue-holder", Duration.ofMinutes(2));
        awaitConsole("e2e-queue-holder", holder, "holding test environment 43", Duration.ofMinutes(2));

        int number = jenkins.startBuild("e2e-queue-four", Duration.ofMinutes(2));
        JsonNode result = jenkins.awaitResult("e2e-queue-four", number, Duration.ofMinutes(3));

        String console = jenkins.get("admin", "job/e2e-queue-four/" + number + "/consoleText").body();
        assertThat(result.path("result").asText()).as(console).isEqualTo("SUCCESS");
        assertThat(console).contains("passed=12", "System Tests: environment 41 is held after",
                "System Tests: environment 43 is held after");
        assertThat(console.indexOf("environment 41 is held")).as("a free rig does not wait for a busy one")
                .isLessThan(console.indexOf("environment 43 is held"));
        assertThat(jenkins.awaitResult("e2e-queue-holder", holder, Duration.ofMinutes(1)).path("result").asText())
                .isEqualTo("SUCCESS");
        Matcher id = Pattern.compile("runId=(\\d+)").matcher(console);
        assertThat(id.find()).isTrue();
        JsonNode run = JSON.readTree(jenkins.get("reader", "system-tests/api/v1/runs/" + id.group(1)).body());
        assertThat(run.path("counts").path("passed").asInt()).as(run.path("counts").toString()).isEqualTo(12);
        assertThat(run.path("testCount").asInt()).as("one run for the whole plan").isEqualTo(12);
        Set<String> rigs = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            String log = JSON.readTree(jenkins.get("reader", "system-tests/api/v1/runs/" + id.group(1) + "/tests/" + i
                    + "/log").body()).path("log").asText();
            Matcher on = Pattern.compile("ran on (4[1-4])").matcher(log);
            assertThat(on.find()).as("test %d's kept output says where it ran: %s", i, log).isTrue();
            rigs.add(on.group(1));
        }
        assertThat(rigs).hasSizeGreaterThanOrEqualTo(2);
        String page = jenkins.get("reader", "job/e2e-queue-four/" + number + "/system-tests/").body();
        assertThat(page).contains("data-system-tests-timeline=", "data-placements=", "js/timeline.js");
        assertThat(jenkins.get("reader", "plugin/system-tests/js/timeline.js").statusCode()).isEqualTo(200);
    }

    @Test
    void an_abort_ends_every_share_and_frees_every_environment() throws Exception {
        jenkins.createJob("e2e-queue-abort", RealJenkins.pipelineConfig("node {\n" + tests(300, 300, 300)
                + "  systemTests tests: ['t'], environments: ['45', '46']\n}\n"));
        int number = jenkins.startBuild("e2e-queue-abort", Duration.ofMinutes(2));
        awaitConsole("e2e-queue-abort", number, "environment 46 is held after", Duration.ofMinutes(2));
        awaitConsole("e2e-queue-abort", number, "START", Duration.ofMinutes(1));

        jenkins.post("admin", "job/e2e-queue-abort/" + number + "/stop", null, new byte[0]);

        JsonNode result = jenkins.awaitResult("e2e-queue-abort", number, Duration.ofMinutes(2));
        String console = jenkins.get("admin", "job/e2e-queue-abort/" + number + "/consoleText").body();
        assertThat(result.path("result").asText()).as(console).isEqualTo("ABORTED");
        assertThat(console).contains("every environment is released");
        // Both environments are free again: a build that needs one of them runs at once.
        jenkins.createJob("e2e-queue-after", RealJenkins.pipelineConfig("""
                node {
                  writeFile file: 'ok.py', text: "print('ok')\\n"
                  systemTests tests: ['ok.py'], environment: '46', waitTimeoutMinutes: 1
                }
                """));
        int after = jenkins.startBuild("e2e-queue-after", Duration.ofMinutes(2));
        assertThat(jenkins.awaitResult("e2e-queue-after", after, Duration.ofMinutes(2)).path("result").asText())
                .isEqualTo("SUCCESS");
    }

    private static void awaitConsole(String job, int number, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (jenkins.get("admin", "job/" + job + "/" + number + "/consoleText").body().contains(text)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(job + " #" + number + " did not print " + text);
    }
}
