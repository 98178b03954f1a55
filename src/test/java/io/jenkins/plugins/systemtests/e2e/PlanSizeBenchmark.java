package io.jenkins.plugins.systemtests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.systemtests.core.json.Json;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 10,000-test plan reported end to end by the shipped runner to the real Jenkins of {@code ../shared/jenkins} with
 * the plugin installed (security on, an API-token user, Jenkins' default settings): the DRY RUN's size as JSON and on
 * the wire, the same plan posted uncompressed (the baseline, refused with 413), the requests and the time until the
 * read API shows every test passed. Printed, not timed: {@code mvn -B -Pbench verify} or {@code bench/plan-size.sh}.
 */
class PlanSizeBenchmark {
    private static final int TESTS = Integer.getInteger("bench.planTests", 10_000);
    private static final Path RUNNER = RealJenkins.BASEDIR.resolve(
            "src/main/resources/io/jenkins/plugins/systemtests/runner/runner.py");
    private static final String PYTHON = System.getenv().getOrDefault("SYSTEM_TESTS_PYTHON", "python3");

    @TempDir
    Path work;

    @Test
    void a_10000_test_plan_reaches_jenkins_and_every_test_is_reported() throws Exception {
        // Jenkins first: without one the benchmark is skipped before writing its 10,000 files.
        try (RealJenkins jenkins = RealJenkins.startOrSkip(work.resolve("home"))) {
            Path suite = Files.createDirectories(work.resolve("suite"));
            for (int i = 0; i < TESTS; i++) {
                Path folder = Files.createDirectories(suite.resolve("feature_%03d".formatted(i / 100)));
                Files.writeString(folder.resolve("test_case_%05d.py".formatted(i)),
                        "\"\"\"Checks case %d of the lamp controller.\"\"\"\nreading = %d\nassert reading >= 0\n"
                                .formatted(i, i));
            }
            Path events = work.resolve("events.jsonl");
            long started = System.nanoTime();
            Process runner = new ProcessBuilder(PYTHON, RUNNER.toString(), suite.toString(), "--report-to", jenkins.url,
                    "--user", "lab", "--token-file", jenkins.token("lab").toString(), "--machine-name", "bench-plan",
                    "--spool-dir", work.resolve("spool").toString(), "--events", events.toString(),
                    "--drain-timeout", "600").redirectErrorStream(true).redirectOutput(work.resolve("runner.txt").toFile())
                    .start();
            assertThat(runner.waitFor(30, TimeUnit.MINUTES)).isTrue();
            double runnerSeconds = (System.nanoTime() - started) / 1e9;
            String console = Files.readString(work.resolve("runner.txt"));
            assertThat(runner.exitValue()).as(console.lines().skip(Math.max(0, console.lines().count() - 20))
                    .toList().toString()).isZero();
            JsonNode last = Json.MAPPER.readTree(jenkins.get("reader", "system-tests/api/v1/machines/bench-plan/last").body());
            double visibleSeconds = (System.nanoTime() - started) / 1e9;
            assertThat(last.get("testCount").intValue()).isEqualTo(TESTS);
            assertThat(last.at("/counts/passed").intValue()).isEqualTo(TESTS);
            assertThat(last.get("ongoing").booleanValue()).isFalse();

            String plan = Files.readAllLines(events, StandardCharsets.UTF_8).get(0);
            byte[] planJson = Json.MAPPER.writeValueAsBytes(Json.MAPPER.readTree(plan).get("message"));
            HttpResponse<String> uncompressed = jenkins.post("lab", "system-tests/api/v1/dry-run", "application/json",
                    planJson);
            Matcher sent = Pattern.compile("(\\d+) reports sent to .* in (\\d+) requests, (\\d+) bytes \\(largest (\\d+)\\)")
                    .matcher(console);
            assertThat(sent.find()).as(console).isTrue();
            long reports = Long.parseLong(sent.group(1));
            long requests = Long.parseLong(sent.group(2));
            long bytes = Long.parseLong(sent.group(3));
            long largest = Long.parseLong(sent.group(4));

            System.out.printf("%nPlan size through the real Jenkins (%d tests, one machine, token statistics on)%n", TESTS);
            row("DRY RUN as JSON (uncompressed)", planJson.length, "bytes");
            row("DRY RUN on the wire (gzip, the largest request)", largest, "bytes");
            System.out.printf("  %-56s %12.1f x%n", "compression ratio", planJson.length / (double) largest);
            System.out.printf("  %-56s %12s%n", "baseline: the same plan posted uncompressed",
                    uncompressed.statusCode() + " " + errorCode(uncompressed.body()));
            row("reports sent (1 DRY RUN + a START and a STOP per test)", reports, "");
            row("HTTP requests", requests, "");
            row("bytes sent in all", bytes, "bytes");
            System.out.printf("  %-56s %12.1f bytes%n", "mean request after the DRY RUN (batches of STARTs/STOPs)", (bytes - largest) / (double) (requests - 1));
            System.out.printf("  %-56s %12.1f s%n", "runner start to every report delivered", runnerSeconds);
            System.out.printf("  %-56s %12.1f s%n", "start to the read API showing all passed", visibleSeconds);
            System.out.printf("  %-56s %12.0f /s%n", "tests run and reported per second", TESTS / runnerSeconds);
            assertThat(reports).isEqualTo(1 + 2L * TESTS);
            assertThat(largest).isLessThan(1024 * 1024);
            assertThat(jenkins.log()).doesNotContain("SEVERE");
        }
    }

    private static void row(String what, long value, String unit) {
        System.out.printf("  %-56s %12d %s%n", what, value, unit);
    }

    private static String errorCode(String body) {
        try {
            return Json.MAPPER.readTree(body).path("errorCode").asText("");
        } catch (Exception e) {
            return body.length() > 60 ? body.substring(0, 60) : body;
        }
    }
}
