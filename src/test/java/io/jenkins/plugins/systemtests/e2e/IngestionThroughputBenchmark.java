package io.jenkins.plugins.systemtests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.systemtests.core.json.Json;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingestion through the real Jenkins of {@code ../shared/jenkins} with the plugin installed (security on, one
 * API-token user), driven by {@code bench/load-driver.py}: side by side in one run, one report per request against
 * batches, a new connection per request against keep-alive, Jenkins' API-token usage statistics on (its default)
 * against off; then a soak of 1,000 machines with 100-test plans, with the Jenkins JVM's heap after GC and open files
 * sampled between waves and every run checked complete in the read API; then the bytes on disk per event. Printed,
 * not timed: {@code mvn -B -Pbench verify} or {@code bench/ingestion.sh}.
 */
class IngestionThroughputBenchmark {
    private static final Path DRIVER = RealJenkins.BASEDIR.resolve("bench/load-driver.py");
    private static final String PYTHON = System.getenv().getOrDefault("SYSTEM_TESTS_PYTHON", "python3");
    private static final int SECONDS = Integer.getInteger("bench.seconds", 10);
    private static final int SOAK_MACHINES = Integer.getInteger("bench.soakMachines", 1000);
    private static final int SOAK_WAVES = 4;

    @TempDir
    Path work;
    private RealJenkins jenkins;

    record Figures(String label, long events, double perSecond, double p50, double p99, double delayP99,
            long bytesSent, String answers) {
    }

    private long jsonBytesSent;
    private long eventsSent;

    private Figures drive(String label, String prefix, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(PYTHON, DRIVER.toString(), "--url", jenkins.url, "--user", "lab",
                "--token-file", jenkins.token("lab").toString(), "--machine-prefix", prefix, "--max-seconds", "900"));
        command.addAll(List.of(options));
        Process driver = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(driver.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(driver.waitFor(20, TimeUnit.MINUTES)).isTrue();
        assertThat(driver.exitValue()).as(label + ":\n" + output).isZero();
        Matcher events = Pattern.compile("events (\\d+): (\\d+) per second").matcher(output);
        Matcher latency = Pattern.compile("latency ms: p50 ([0-9.]+) .* p99 ([0-9.]+)").matcher(output);
        Matcher answers = Pattern.compile("answers: (.*)").matcher(output);
        Matcher bytes = Pattern.compile("bytes sent (\\d+)").matcher(output);
        Matcher delay = Pattern.compile("event delay ms .*p99 ([0-9.]+)").matcher(output);
        assertThat(events.find() && latency.find() && answers.find() && bytes.find() && delay.find()).as(output)
                .isTrue();
        jsonBytesSent += Long.parseLong(bytes.group(1));
        eventsSent += Long.parseLong(events.group(1));
        return new Figures(label, Long.parseLong(events.group(1)), Double.parseDouble(events.group(2)),
                Double.parseDouble(latency.group(1)), Double.parseDouble(latency.group(2)),
                Double.parseDouble(delay.group(1)), Long.parseLong(bytes.group(1)), answers.group(1));
    }

    private void tokenStatistics(boolean on) throws Exception {
        String script = "jenkins.security.apitoken.ApiTokenPropertyConfiguration.get().setUsageStatisticsEnabled(" + on
                + ")\nprintln(jenkins.security.apitoken.ApiTokenPropertyConfiguration.get().isUsageStatisticsEnabled())";
        HttpResponse<String> answer = jenkins.post("admin", "scriptText", "application/x-www-form-urlencoded",
                ("script=" + URLEncoder.encode(script, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        assertThat(answer.body().trim()).isEqualTo(Boolean.toString(on));
    }

    @Test
    void throughput_side_by_side_then_a_soak_then_bytes_per_event() throws Exception {
        jenkins = RealJenkins.startOrSkip(work.resolve("home"));
        try {
            String duration = Integer.toString(SECONDS);
            List<Figures> rows = new ArrayList<>();
            String[] fleet = {"--machines", "32", "--tests", "20", "--duration", duration};
            rows.add(drive("32 machines, one report per request, new connections", "a", concat(fleet, "--new-connections")));
            rows.add(drive("32 machines, one report per request, keep-alive", "b", fleet));
            rows.add(drive("32 machines, batches of 40, keep-alive", "c", concat(fleet, "--batch", "40")));
            // Machines as in a lab: each makes 170 events/s (5,440 in all) from 100-test plans and, as the runner
            // does, sends what waits every 200 ms; the baseline sends the same load one report per request.
            String[] paced = {"--machines", "32", "--tests", "100", "--duration", duration, "--rate", "170"};
            rows.add(drive("32 machines making 170 events/s each, batched every 200 ms (as the runner)", "r",
                    concat(paced, "--batch", "500", "--flush-ms", "200")));
            rows.add(drive("baseline: the same load, one report per request, keep-alive", "s", paced));
            String[] one = {"--machines", "1", "--tests", "100", "--duration", duration};
            rows.add(drive("1 machine, one report per request, keep-alive", "d", one));
            rows.add(drive("1 machine, batches of 40, keep-alive", "e", concat(one, "--batch", "40")));
            tokenStatistics(false);
            rows.add(drive("statistics off: 32 machines, one per request, new connections", "f",
                    concat(fleet, "--new-connections")));
            rows.add(drive("statistics off: 32 machines, batches of 40, keep-alive", "g", concat(fleet, "--batch", "40")));
            tokenStatistics(true);

            System.out.printf("%nIngestion through the real Jenkins (%d s per line; API-token statistics on unless said)%n",
                    SECONDS);
            System.out.printf("  %-72s %9s %8s %8s %10s%n", "client", "events/s", "p50 ms", "p99 ms",
                    "delay p99");
            for (Figures row : rows) {
                System.out.printf("  %-72s %9.0f %8.1f %8.1f %10.1f%n", row.label(), row.perSecond(), row.p50(),
                        row.p99(), row.delayP99());
            }
            System.out.printf("  %-72s %9.1f x%n", "batched keep-alive (line 3) against the baseline (line 1)",
                    rows.get(2).perSecond() / rows.get(0).perSecond());
            System.out.println("  (p50/p99: request latency; delay p99: from an event's making to its acknowledgement)");
            for (Figures row : rows) {
                assertThat(row.answers()).as(row.label()).doesNotContainPattern("(^|, )(0|[45]\\d\\d)=");
            }

            soak();
        } finally {
            Files.writeString(RealJenkins.BASEDIR.resolve("target/bench-jenkins.log"), jenkins.log());
            jenkins.stop();
        }
        bytesPerEvent(); // after the stop: its checkpoint has moved the journal into the runs' files
    }

    private void soak() throws Exception {
        int perWave = SOAK_MACHINES / SOAK_WAVES;
        System.out.printf("%nSoak: %d machines x 100-test plans, in %d waves of %d machines at once (batches of 100)%n",
                perWave * SOAK_WAVES, SOAK_WAVES, perWave);
        System.out.printf("  %-8s %10s %10s %12s %14s %10s%n", "wave", "events", "events/s", "p99 ms",
                "heap after GC", "open files");
        Sample before = sample();
        System.out.printf("  %-8s %10s %10s %12s %11d MB %10d%n", "before", "", "", "", before.heapMb(), before.files());
        long events = 0;
        List<Sample> samples = new ArrayList<>();
        for (int wave = 0; wave < SOAK_WAVES; wave++) {
            Figures figures = drive("soak wave " + wave, "soak" + wave, "--machines", Integer.toString(perWave),
                    "--tests", "100", "--batch", "100");
            events += figures.events();
            assertThat(figures.answers()).as("wave " + wave).doesNotContainPattern("(^|, )(0|[45]\\d\\d)=");
            Sample after = sample();
            samples.add(after);
            System.out.printf("  %-8d %10d %10.0f %12.1f %11d MB %10d%n", wave, figures.events(), figures.perSecond(),
                    figures.p99(), after.heapMb(), after.files());
        }
        int complete = 0;
        for (int page = 0; ; page++) {
            JsonNode runs = Json.MAPPER.readTree(jenkins.get("reader", "system-tests/api/v1/runs?size=100&page=" + page)
                    .body());
            for (JsonNode run : runs.path("items")) {
                if (run.path("machine").asText().startsWith("soak") && !run.path("ongoing").booleanValue()
                        && run.at("/counts/passed").intValue() == 100) {
                    complete++;
                }
            }
            if (runs.path("items").size() < 100) {
                break;
            }
        }
        System.out.printf("  %d events, %d of %d runs complete in the read API, %d lost%n", events, complete,
                perWave * SOAK_WAVES, perWave * SOAK_WAVES * 201L - events);
        assertThat(complete).isEqualTo(perWave * SOAK_WAVES);
        assertThat(events).isEqualTo(perWave * SOAK_WAVES * 201L);
        Sample first = samples.get(0);
        Sample last = samples.get(samples.size() - 1);
        System.out.printf("  heap after GC, first wave to last: %d MB -> %d MB; open files %d -> %d%n", first.heapMb(),
                last.heapMb(), first.files(), last.files());
    }

    record Sample(long heapMb, long files) {
    }

    /** The Jenkins JVM's heap after a full GC (jcmd) and its open file descriptors (/proc). */
    private Sample sample() throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        run(jcmd, Long.toString(jenkins.pid()), "GC.run");
        String info = run(jcmd, Long.toString(jenkins.pid()), "GC.heap_info");
        Matcher used = Pattern.compile("used (\\d+)K").matcher(info);
        assertThat(used.find()).as(info).isTrue();
        long files;
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(jenkins.pid()), "fd"))) {
            files = fds.count();
        }
        return new Sample(Long.parseLong(used.group(1)) / 1024, files);
    }

    private void bytesPerEvent() throws Exception {
        Path store = jenkins.home.resolve("system-tests");
        long bytes = 0;
        long allocated = 0;
        long largestFolder = 0;
        try (Stream<Path> files = Files.walk(store)) {
            for (Path file : files.toList()) {
                if (Files.isRegularFile(file)) {
                    long size = Files.size(file);
                    bytes += size;
                    allocated += (size + 4095) / 4096 * 4096;
                } else if (Files.isDirectory(file)) {
                    try (Stream<Path> entries = Files.list(file)) {
                        largestFolder = Math.max(largestFolder, entries.count());
                    }
                }
            }
        }
        System.out.printf("%nStorage after the benchmark (Jenkins stopped, journal checkpointed): %s%n", store);
        System.out.printf("  %-52s %14d bytes%n", "JSON the machines sent", jsonBytesSent);
        System.out.printf("  %-52s %14d bytes  %5.2f x the JSON, %6.1f bytes/event%n", "file contents", bytes,
                bytes / (double) jsonBytesSent, bytes / (double) eventsSent);
        System.out.printf("  %-52s %14d bytes  %5.2f x the JSON, %6.1f bytes/event%n", "allocated (4 KiB blocks)",
                allocated, allocated / (double) jsonBytesSent, allocated / (double) eventsSent);
        System.out.printf("  %-52s %14d%n", "most entries in one folder", largestFolder);
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return output;
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
