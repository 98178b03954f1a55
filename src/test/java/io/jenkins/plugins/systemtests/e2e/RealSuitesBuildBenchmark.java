package io.jenkins.plugins.systemtests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.systemtests.core.json.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 25's whole-build target, side by side in one run: {@code python -m pytest} alone on the real suites of
 * src/test/real-suites (1,347 tests; each suite in its folder, one after the other) against the whole Pipeline build
 * doing the same on the real Jenkins of {@code ../shared/jenkins} ({@code systemTests} over each suite in its folder,
 * then {@code junit} on the plugin's XML), with the build's run page open in Chromium following it. The build's time
 * is from the HTTP request that starts it to its end by Jenkins' own clock (queue, node, steps, the junit step). Both
 * sides run on the same warm copies with the same interpreter, interleaved, {@code bench.realSuitesRounds} rounds
 * after a warm-up of each. Printed, not timed: {@code bench/real-suites-build.sh} or {@code mvn -B -Pbench verify}.
 */
class RealSuitesBuildBenchmark {
    private static final String PYTHON = System.getenv().getOrDefault("SYSTEM_TESTS_PYTHON", "python3");
    private static final int ROUNDS = Integer.getInteger("bench.realSuitesRounds", 5);
    private static final String JOB = "bench-real-suites";
    /** The console's per-test lines, left out of the printed timeline of a build. */
    private static final Pattern PER_TEST = Pattern.compile("\\s(START|PASSED|FAILED|ERROR|SKIPPED|WARNING)\\s{2,}");

    @TempDir
    Path work;

    @Test
    void the_whole_build_with_its_run_page_open_beside_pytest_alone() throws Exception {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        Path js = RealJenkins.BASEDIR.resolve("src/test/js");
        Assumptions.assumeTrue(Files.isExecutable(chromium) && Files.isDirectory(js.resolve("node_modules/puppeteer-core")),
                "needs Debian's chromium and puppeteer-core (npm ci --prefix src/test/js)");
        Path suites = Files.createDirectories(work.resolve("suites"));
        List<Path> folders = new ArrayList<>();
        for (RealSuite suite : RealSuite.ALL) {
            folders.add(suite.copyInto(suites));
        }
        RealJenkins jenkins = RealJenkins.startOrSkip(work.resolve("home"));
        Process browser = null;
        try {
            jenkins.createJob(JOB, RealJenkins.pipelineConfig(pipeline(folders)));
            Path config = Files.writeString(work.resolve("browser.json"), Json.MAPPER.writeValueAsString(
                    Map.of("url", jenkins.url, "user", "admin", "password", "admin-password-e2e")));
            browser = new ProcessBuilder("node", "browser/live-page.js", config.toString()).directory(js.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader said = new BufferedReader(new InputStreamReader(browser.getInputStream(), StandardCharsets.UTF_8));
            Writer tell = new OutputStreamWriter(browser.getOutputStream(), StandardCharsets.UTF_8);
            assertThat(said.readLine()).as("the browser logged in").isEqualTo("ready");

            // Warm-up of both sides: byte code compiled, Jenkins' classes loaded, the job's first build done.
            pytestAlone(folders);
            int warmUp = build(jenkins, tell);
            List<Double> pytest = new ArrayList<>();
            List<Double> whole = new ArrayList<>();
            List<Double> jenkinsDuration = new ArrayList<>();
            int last = warmUp;
            for (int round = 0; round < ROUNDS; round++) {
                pytest.add(pytestAlone(folders));
                long requested = System.currentTimeMillis();
                last = build(jenkins, tell);
                JsonNode result = ended(jenkins, last);
                assertThat(result.path("result").asText()).isEqualTo("UNSTABLE"); // polib's one real failure
                long ended = result.path("timestamp").asLong() + result.path("duration").asLong();
                whole.add((ended - requested) / 1000.0);
                jenkinsDuration.add(result.path("duration").asLong() / 1000.0);
            }
            tell.write("done\n");
            tell.close();
            JsonNode page = Json.MAPPER.readTree(said.readLine());

            JsonNode report = Json.MAPPER.readTree(jenkins.get("admin", "job/" + JOB + "/" + last
                    + "/testReport/api/json?tree=passCount,failCount,skipCount").body());
            System.out.printf("%nThe whole build beside pytest alone: %d tests of %s, %d rounds (median, min, max in s)%n",
                    report.path("passCount").asInt() + report.path("failCount").asInt() + report.path("skipCount").asInt(),
                    RealSuite.ALL.stream().map(RealSuite::name).collect(Collectors.joining(", ")), ROUNDS);
            row("python -m pytest alone, suite after suite", pytest);
            row("whole build: request -> end (queue, node, systemTests, junit)", whole);
            row("whole build: Jenkins' own duration", jenkinsDuration);
            List<Double> ratios = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                ratios.add(whole.get(round) / pytest.get(round));
            }
            System.out.printf("  %-62s %7.2fx (best %.2fx)%n", "ratio whole build / pytest alone, medians",
                    median(whole) / median(pytest), min(whole) / min(pytest));
            row("ratio whole build / pytest alone, round by round", ratios);
            System.out.println("  rounds (pytest alone s, whole build s): " + java.util.stream.IntStream.range(0, ROUNDS)
                    .mapToObj(r -> String.format("%.2f/%.2f", pytest.get(r), whole.get(r)))
                    .collect(Collectors.joining(", ")));
            System.out.println("  run page in Chromium during the last build: " + page);
            System.out.println("  the last build's timeline (Timestamper, per-test lines left out):");
            String stamped = jenkins.get("admin", "job/" + JOB + "/" + last + "/timestamps/?elapsed=s.SSS&appendLog")
                    .body();
            stamped.lines().filter(line -> !PER_TEST.matcher(line).find()).forEach(line -> System.out.println("    " + line));

            assertThat(page.path("problems")).as(page.toString()).isEmpty();
            assertThat(page.at("/seen/counts").toString()).as("the counts the page drew of the run it followed")
                    .contains("passed");
            assertThat(page.at("/seen/complete").asBoolean()).as("the page followed its run to its end").isTrue();
            assertThat(page.at("/seen/notReloaded").asBoolean()).as("the page followed the build without a reload").isTrue();
        } finally {
            if (browser != null && browser.isAlive()) {
                browser.destroy();
                browser.waitFor(30, TimeUnit.SECONDS);
            }
            jenkins.stop();
        }
    }

    /** The job: in each suite's folder (absolute, prepared before), {@code systemTests} then {@code junit}. */
    private static String pipeline(List<Path> folders) {
        StringBuilder script = new StringBuilder("timestamps {\n  node {\n");
        for (int i = 0; i < folders.size(); i++) {
            RealSuite suite = RealSuite.ALL.get(i);
            script.append("    dir('").append(folders.get(i)).append("') {\n")
                    .append("      systemTests tests: [")
                    .append(suite.targets().stream().map(t -> "'" + t + "'").collect(Collectors.joining(", ")))
                    .append("], python: '").append(PYTHON).append("'\n")
                    .append("      junit 'system-tests-results.xml'\n")
                    .append("    }\n");
        }
        return script.append("  }\n}\n").toString();
    }

    /** Wall seconds of {@code python -m pytest <targets>} in each suite's folder, one after the other. */
    private static double pytestAlone(List<Path> folders) throws Exception {
        long started = System.nanoTime();
        for (int i = 0; i < folders.size(); i++) {
            RealSuite.run(RealSuite.ALL.get(i).pytestCommand(PYTHON), folders.get(i), Duration.ofMinutes(3));
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /** Starts a build, opens its run page in the browser, and returns its number. */
    private static int build(RealJenkins jenkins, Writer browser) throws Exception {
        int number = jenkins.startBuild(JOB, Duration.ofMinutes(2));
        browser.write("job/" + JOB + "/" + number + "/system-tests/\n");
        browser.flush();
        ended(jenkins, number);
        return number;
    }

    /**
     * The build once it has ended with its duration recorded: Jenkins' JSON API can show a Pipeline build no longer
     * building a moment before its duration is set, and the build's end is its start plus its duration.
     */
    private static JsonNode ended(RealJenkins jenkins, int number) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode build = Json.MAPPER.readTree(jenkins.get("admin", "job/" + JOB + "/" + number
                    + "/api/json?tree=result,building,timestamp,duration").body());
            if (!build.path("building").asBoolean(true) && build.path("duration").asLong() > 0) {
                return build;
            }
            // Not often: each API-token request makes Jenkins save the token's usage statistics (an fsync), work
            // that would be the benchmark's, not the build's. The end is read from Jenkins' clock anyway.
            Thread.sleep(500);
        }
        throw new AssertionError(JOB + " #" + number + " did not end within 5 minutes");
    }

    private static void row(String what, List<Double> seconds) {
        List<Double> sorted = seconds.stream().sorted().toList();
        System.out.printf("  %-62s %7.2f %7.2f %7.2f%n", what, median(seconds), sorted.get(0),
                sorted.get(sorted.size() - 1));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }
}
