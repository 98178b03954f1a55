package io.jenkins.plugins.systemtests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.systemtests.core.json.Json;
import java.nio.file.Path;
import java.text.SimpleDateFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    /** How long a build may take to start (B waits in the queue while A holds the environment) and to finish. */
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final int ROUNDS = Integer.getInteger("bench.handOffRounds", 3);
    private static final String TIME_FORMAT = "yyyyMMddHHmmss.SSS";
    private static final Pattern STAMPED = Pattern.compile("(?m)^(\\d{14}\\.\\d{3})\\s+(.*)$");

    @TempDir
    Path work;
    private RealJenkins jenkins;

    @Test
    void the_next_waiting_build_holds_the_environment_soon_after_the_first_lets_go() throws Exception {
        jenkins = RealJenkins.startOrSkip(work.resolve("home"));
        try {
            String pipeline = """
                    timestamps {
                      node {
                        writeFile file: 't/test_hold.py', text: "import time\\ntime.sleep(3)\\n"
                        systemTests tests: 't/test_hold.py', environment: '9'
                      }
                    }
                    """;
            jenkins.createJob("handoff-a", RealJenkins.pipelineConfig(pipeline));
            jenkins.createJob("handoff-b", RealJenkins.pipelineConfig(pipeline));
            jenkins.createJob("handoff-fa", freestyleConfig());
            jenkins.createJob("handoff-fb", freestyleConfig());
            List<Double> lockToLock = new ArrayList<>();
            List<Double> releaseToHolding = new ArrayList<>();
            List<Double> freestyleEndToStart = new ArrayList<>();
            List<Double> freestyleEndToHolding = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                int a = startHolding("handoff-a");
                int b = jenkins.startBuild("handoff-b", WAIT);
                jenkins.awaitResult("handoff-a", a, WAIT);
                jenkins.awaitResult("handoff-b", b, WAIT);
                long released = time("handoff-a", a, "Lock released on resource");
                lockToLock.add((time("handoff-b", b, "Lock acquired on") - released) / 1000.0);
                releaseToHolding.add((time("handoff-b", b, "holding test environment 9") - released) / 1000.0);

                int fa = startHolding("handoff-fa");
                int fb = jenkins.startBuild("handoff-fb", WAIT);
                JsonNode first = jenkins.awaitResult("handoff-fa", fa, WAIT);
                JsonNode second = jenkins.awaitResult("handoff-fb", fb, WAIT);
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
        int number = jenkins.startBuild(job, WAIT);
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

    private static String freestyleConfig() {
        return RealJenkins.freestyleConfig("9", "t/test_hold.py", "import time\\ntime.sleep(3)\\n",
                "<hudson.plugins.timestamper.TimestamperBuildWrapper plugin=\"timestamper\"/>");
    }
}
