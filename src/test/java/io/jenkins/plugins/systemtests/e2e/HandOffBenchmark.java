package io.jenkins.plugins.systemtests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.systemtests.core.json.Json;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.SimpleDateFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The environment hand-off on the real Jenkins of {@code ../shared/jenkins}: build A holds test environment 9 for a
 * few seconds while build B waits for it; measured is the time from A letting go to B holding it, for Pipeline
 * ({@code systemTests}: lockable-resources' {@code lock}) and freestyle (lockable-resources' job property, the
 * queue), from the builds' own timestamps (Timestamper) and Jenkins' build times. Printed, not timed:
 * {@code mvn -B -Pbench verify} or {@code bench/hand-off.sh}.
 */
class HandOffBenchmark {
    private static final Path HPI = RealJenkins.BASEDIR.resolve("target/system-tests.hpi");
    private static final int ROUNDS = Integer.getInteger("bench.handOffRounds", 3);
    private static final String TIME_FORMAT = "yyyyMMddHHmmss.SSS";
    private static final Pattern STAMPED = Pattern.compile("(?m)^(\\d{14}\\.\\d{3})\\s+(.*)$");

    @TempDir
    Path work;
    private RealJenkins jenkins;

    @Test
    void the_next_waiting_build_holds_the_environment_soon_after_the_first_lets_go() throws Exception {
        RealJenkins.Installation installation = RealJenkins.Installation.find();
        Assumptions.assumeTrue(installation != null, RealJenkins.Installation.missing());
        jenkins = RealJenkins.start(installation, work.resolve("home"), HPI);
        try {
            String pipeline = """
                    timestamps {
                      node {
                        writeFile file: 't/test_hold.py', text: "import time\\ntime.sleep(3)\\n"
                        systemTests tests: 't/test_hold.py', environment: '9'
                      }
                    }
                    """;
            create("handoff-a", pipelineConfig(pipeline));
            create("handoff-b", pipelineConfig(pipeline));
            create("handoff-fa", freestyleConfig());
            create("handoff-fb", freestyleConfig());
            List<Double> lockToLock = new ArrayList<>();
            List<Double> releaseToHolding = new ArrayList<>();
            List<Double> freestyleEndToStart = new ArrayList<>();
            List<Double> freestyleEndToHolding = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                int a = startHolding("handoff-a");
                int b = build("handoff-b");
                awaitResult("handoff-a", a);
                awaitResult("handoff-b", b);
                long released = time("handoff-a", a, "Lock released on resource");
                lockToLock.add((time("handoff-b", b, "Lock acquired on") - released) / 1000.0);
                releaseToHolding.add((time("handoff-b", b, "holding test environment 9") - released) / 1000.0);

                int fa = startHolding("handoff-fa");
                int fb = build("handoff-fb");
                JsonNode first = awaitResult("handoff-fa", fa);
                JsonNode second = awaitResult("handoff-fb", fb);
                long firstEnd = first.path("timestamp").longValue() + first.path("duration").longValue();
                freestyleEndToStart.add((second.path("timestamp").longValue() - firstEnd) / 1000.0);
                freestyleEndToHolding.add((time("handoff-fb", fb, "holding test environment 9") - firstEnd) / 1000.0);
            }
            System.out.printf("%nEnvironment hand-off on the real Jenkins (%d rounds; median, min, max in seconds)%n",
                    ROUNDS);
            row("Pipeline: A's lock released -> B's lock acquired (< 0: given before A logs it)", lockToLock);
            row("Pipeline: A's lock released -> B's tests holding the environment", releaseToHolding);
            row("freestyle: A's build ended -> B's build started (left the queue)", freestyleEndToStart);
            row("freestyle: A's build ended -> B's tests holding the environment", freestyleEndToHolding);
            assertThat(releaseToHolding).allMatch(s -> s >= 0);
            assertThat(freestyleEndToHolding).allMatch(s -> s >= 0);
        } finally {
            jenkins.stop();
        }
    }

    private static void row(String what, List<Double> seconds) {
        List<Double> sorted = seconds.stream().sorted().toList();
        System.out.printf("  %-70s %7.3f %7.3f %7.3f%n", what, sorted.get(sorted.size() / 2), sorted.get(0),
                sorted.get(sorted.size() - 1));
    }

    /** Starts a build and waits until it holds the environment. */
    private int startHolding(String job) throws Exception {
        int number = build(job);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!jenkins.get("admin", "job/" + job + "/" + number + "/consoleText").body()
                .contains("holding test environment 9")) {
            assertThat(System.nanoTime()).as(job + " holding its environment").isLessThan(deadline);
            Thread.sleep(100);
        }
        return number;
    }

    /** When a line containing {@code text} was written, by the build's Timestamper timestamps (ms since the epoch). */
    private long time(String job, int number, String text) throws Exception {
        String stamped = jenkins.get("admin", "job/" + job + "/" + number + "/timestamps/?time=" + TIME_FORMAT
                + "&appendLog").body();
        Matcher line = STAMPED.matcher(stamped);
        Optional<Long> found = Optional.empty();
        while (line.find() && found.isEmpty()) {
            if (line.group(2).contains(text)) {
                found = Optional.of(new SimpleDateFormat(TIME_FORMAT).parse(line.group(1)).getTime());
            }
        }
        return found.orElseThrow(() -> new AssertionError("'" + text + "' in the timestamped log of " + job + " #"
                + number + ":\n" + stamped));
    }

    private void create(String name, String config) throws Exception {
        HttpResponse<String> created = jenkins.post("admin", "createItem?name=" + name, "application/xml",
                config.getBytes(StandardCharsets.UTF_8));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    }

    private static String pipelineConfig(String script) {
        return """
                <?xml version='1.1' encoding='UTF-8'?>
                <flow-definition plugin="workflow-job">
                  <definition class="org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition" plugin="workflow-cps">
                    <script>%s</script>
                    <sandbox>true</sandbox>
                  </definition>
                </flow-definition>
                """.formatted(script.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
    }

    private static String freestyleConfig() {
        return """
                <?xml version='1.1' encoding='UTF-8'?>
                <project>
                  <properties>
                    <org.jenkins.plugins.lockableresources.RequiredResourcesProperty plugin="lockable-resources">
                      <resourceNames>system-test-env-9</resourceNames>
                    </org.jenkins.plugins.lockableresources.RequiredResourcesProperty>
                  </properties>
                  <builders>
                    <hudson.tasks.Shell>
                      <command>mkdir -p t &amp;&amp; printf "import time\\ntime.sleep(3)\\n" &gt; t/test_hold.py</command>
                    </hudson.tasks.Shell>
                    <io.jenkins.plugins.systemtests.jenkins.steps.SystemTestsBuilder plugin="system-tests">
                      <tests>t/test_hold.py</tests>
                      <environment>9</environment>
                    </io.jenkins.plugins.systemtests.jenkins.steps.SystemTestsBuilder>
                  </builders>
                  <buildWrappers>
                    <hudson.plugins.timestamper.TimestamperBuildWrapper plugin="timestamper"/>
                  </buildWrappers>
                </project>
                """;
    }

    private int build(String job) throws Exception {
        HttpResponse<String> queued = jenkins.post("admin", "job/" + job + "/build?delay=0sec", null, new byte[0]);
        assertThat(queued.statusCode()).isEqualTo(201);
        String item = queued.headers().firstValue("Location").orElseThrow();
        String path = item.substring(jenkins.url.length()) + "api/json";
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode executable = Json.MAPPER.readTree(jenkins.get("admin", path).body()).path("executable");
            if (executable.has("number")) {
                return executable.path("number").asInt();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("build of " + job + " did not start");
    }

    private JsonNode awaitResult(String job, int number) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> answer = jenkins.get("admin", "job/" + job + "/" + number
                    + "/api/json?tree=result,building,timestamp,duration");
            if (answer.statusCode() == 200) {
                JsonNode build = Json.MAPPER.readTree(answer.body());
                if (!build.path("building").asBoolean(true) && !build.path("result").isNull()) {
                    return build;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError(job + " #" + number + " did not finish");
    }
}
