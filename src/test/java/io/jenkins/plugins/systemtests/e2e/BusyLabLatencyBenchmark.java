package io.jenkins.plugins.systemtests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A busy lab's load on a Jenkins set up as labs set it up, from its start: 32 machines making 170 events/s each
 * (5,440 in all), batched every 200 ms as the runner does, against a freshly started Jenkins, in windows of
 * {@code bench.window} seconds (15 by default) up to {@code bench.windows} of them (6). Two set-ups side by side in
 * one run, each on a Jenkins of its own: "logged-in users can do anything" and matrix-based security where the
 * reporting user holds Overall/Read, Job/Read and System Tests/Report only; then the same matrix with Jenkins'
 * API-token usage statistics off, which the profile showed to be where the time goes (every API-token request saves
 * the user's statistics file, forced to disk, under one lock per user). Printed, not timed:
 * {@code bench/busy-lab.sh} or {@code mvn -B -Pbench verify}.
 */
class BusyLabLatencyBenchmark {
    private static final Path DRIVER = RealJenkins.BASEDIR.resolve("bench/load-driver.py");
    private static final String PYTHON = System.getenv().getOrDefault("SYSTEM_TESTS_PYTHON", "python3");
    private static final int WINDOW = Integer.getInteger("bench.window", 15);
    private static final int WINDOWS = Integer.getInteger("bench.windows", 6);

    @TempDir
    Path work;

    record Window(double perSecond, double p50, double p99, String answers) {
    }

    /** A set-up: its label, whether logged-in users may do anything (else matrix), API-token usage statistics. */
    record SetUp(String label, String home, boolean loggedInMayDoAnything, boolean tokenStatistics) {
    }

    @Test
    void request_latency_from_start_logged_in_users_against_matrix_security() throws Exception {
        List<SetUp> setUps = List.of(
                new SetUp("logged-in users can do anything", "loggedin", true, true),
                new SetUp("matrix-based security (lab: Overall/Read, Job/Read, Report)", "matrix", false, true),
                new SetUp("the same matrix, API-token usage statistics off", "matrix-nostats", false, false));
        Map<SetUp, List<Window>> measured = new LinkedHashMap<>();
        for (SetUp setUp : setUps) {
            measured.put(setUp, measure(setUp));
        }

        System.out.printf("%nBusy lab from Jenkins' start: 32 machines x 170 events/s, batched every 200 ms; "
                + "request p99 ms (p50) per %d s window of load; API-token usage statistics on (Jenkins' default) "
                + "unless said%n", WINDOW);
        StringBuilder header = new StringBuilder(String.format("  %-62s", "set-up"));
        for (int w = 0; w < WINDOWS; w++) {
            header.append(String.format(" %15s", (w * WINDOW) + "-" + ((w + 1) * WINDOW) + " s"));
        }
        System.out.println(header);
        for (Map.Entry<SetUp, List<Window>> setUp : measured.entrySet()) {
            StringBuilder row = new StringBuilder(String.format("  %-62s", setUp.getKey().label()));
            for (Window window : setUp.getValue()) {
                row.append(String.format(" %7.1f (%5.1f)", window.p99(), window.p50()));
            }
            System.out.println(row);
        }
        List<Window> baseline = measured.get(setUps.get(0));
        for (SetUp setUp : setUps.subList(1, setUps.size())) {
            StringBuilder ratio = new StringBuilder(String.format("  %-62s", "p99 ratio to logged-in: " + setUp.home()));
            for (int w = 0; w < WINDOWS; w++) {
                ratio.append(String.format(" %13.2f x", measured.get(setUp).get(w).p99() / baseline.get(w).p99()));
            }
            System.out.println(ratio);
        }
        for (Map.Entry<SetUp, List<Window>> setUp : measured.entrySet()) {
            StringBuilder rates = new StringBuilder(String.format("  %-62s", "events/s: " + setUp.getKey().home()));
            for (Window window : setUp.getValue()) {
                rates.append(String.format(" %15.0f", window.perSecond()));
            }
            System.out.println(rates);
        }
        for (List<Window> windows : measured.values()) {
            for (Window window : windows) {
                assertThat(window.answers()).doesNotContainPattern("(^|, )(0|[45]\\d\\d)=");
            }
        }
    }

    /** A fresh Jenkins, load from the moment it answers, one driver run per window. */
    private List<Window> measure(SetUp setUp) throws Exception {
        RealJenkins jenkins = RealJenkins.startOrSkip(work.resolve(setUp.home()));
        try {
            String script = "";
            if (setUp.loggedInMayDoAnything()) {
                script += "def s = new hudson.security.FullControlOnceLoggedInAuthorizationStrategy()\n"
                        + "s.allowAnonymousRead = false\njenkins.model.Jenkins.get().authorizationStrategy = s\n";
            }
            script += "jenkins.security.apitoken.ApiTokenPropertyConfiguration.get().setUsageStatisticsEnabled("
                    + setUp.tokenStatistics() + ")\n"
                    + "println(jenkins.model.Jenkins.get().authorizationStrategy.class.simpleName + ' '"
                    + " + jenkins.security.apitoken.ApiTokenPropertyConfiguration.get().isUsageStatisticsEnabled())";
            HttpResponse<String> answer = jenkins.post("admin", "scriptText", "application/x-www-form-urlencoded",
                    ("script=" + URLEncoder.encode(script, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
            assertThat(answer.body().trim()).isEqualTo((setUp.loggedInMayDoAnything()
                    ? "FullControlOnceLoggedInAuthorizationStrategy" : "GlobalMatrixAuthorizationStrategy") + " "
                    + setUp.tokenStatistics());
            List<Window> windows = new ArrayList<>();
            for (int w = 0; w < WINDOWS; w++) {
                windows.add(drive(jenkins, setUp.home() + w + "-"));
            }
            return windows;
        } finally {
            Files.writeString(RealJenkins.BASEDIR.resolve("target/bench-busy-lab-" + setUp.home() + ".log"),
                    jenkins.log());
            jenkins.stop();
        }
    }

    private static Window drive(RealJenkins jenkins, String prefix) throws Exception {
        List<String> command = List.of(PYTHON, DRIVER.toString(), "--url", jenkins.url, "--user", "lab",
                "--token-file", jenkins.token("lab").toString(), "--machine-prefix", prefix, "--max-seconds", "300",
                "--machines", "32", "--tests", "100", "--duration", Integer.toString(WINDOW), "--rate", "170",
                "--batch", "500", "--flush-ms", "200");
        Process driver = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(driver.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(driver.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(driver.exitValue()).as(output).isZero();
        Matcher events = Pattern.compile("events (\\d+): (\\d+) per second").matcher(output);
        Matcher latency = Pattern.compile("latency ms: p50 ([0-9.]+) .* p99 ([0-9.]+)").matcher(output);
        Matcher answers = Pattern.compile("answers: (.*)").matcher(output);
        assertThat(events.find() && latency.find() && answers.find()).as(output).isTrue();
        return new Window(Double.parseDouble(events.group(2)), Double.parseDouble(latency.group(1)),
                Double.parseDouble(latency.group(2)), answers.group(1));
    }
}
