package io.jenkins.plugins.systemtests.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.systemtests.core.config.Settings;
import io.jenkins.plugins.systemtests.core.ingest.IngestionService;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.core.store.RunLocator;
import io.jenkins.plugins.systemtests.core.store.RunStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench/load-driver.py plays concurrent machines against a loopback endpoint and reports rates and latencies. */
class LoadDriverTest {
    private static final Path DRIVER = RunnerTest.BASEDIR.resolve("bench/load-driver.py");

    @TempDir
    Path work;

    /** What one run of the driver against a loopback endpoint with a real ingestion service left behind. */
    record Driven(int exitCode, String output, int batches, List<RunSummary> runs) {
    }

    private Driven drive(String... options) throws Exception {
        Path token = work.resolve("token");
        Files.writeString(token, LoopbackEndpoint.TOKEN);
        try (RunStore store = RunStore.open(work.resolve("store"), RunLocator.STANDALONE)) {
            IngestionService service = new IngestionService(store, Clock.systemUTC(), () -> Settings.DEFAULTS,
                    id -> "/runs/" + id);
            try (LoopbackEndpoint endpoint = new LoopbackEndpoint(service, 0)) {
                endpoint.start();
                List<String> command = new ArrayList<>(List.of(RunnerTest.PYTHON, DRIVER.toString(), "--url",
                        endpoint.url(), "--user", LoopbackEndpoint.USER, "--token-file", token.toString()));
                command.addAll(List.of(options));
                Process driver = new ProcessBuilder(command).redirectErrorStream(true).start();
                String output = new String(driver.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(driver.waitFor(90, TimeUnit.SECONDS)).isTrue();
                return new Driven(driver.exitValue(), output, endpoint.batches.get(), service.reader().summaries());
            }
        }
    }

    @Test
    void the_driver_reports_events_per_second_and_latency_percentiles_and_every_run_completes() throws Exception {
        Driven driven = drive("--machines", "4", "--tests", "25", "--max-seconds", "60");

        assertThat(driven.exitCode()).as(driven.output()).isZero();
        assertThat(driven.output()).containsPattern("requests 204 in [0-9.]+ s: [0-9]+ events/s \\(204 accepted\\)")
                .containsPattern("latency ms: p50 [0-9.]+  p90 [0-9.]+  p99 [0-9.]+  max [0-9.]+")
                .contains("answers: 201=4, 202=200");
        assertThat(driven.runs()).hasSize(4).allMatch(r -> !r.ongoing() && r.counts().get(TestStatus.PASSED) == 25);
    }

    @Test
    void batched_over_keep_alive_connections_every_event_arrives_in_fewer_requests() throws Exception {
        Driven driven = drive("--machines", "4", "--tests", "25", "--plans", "2", "--batch", "10", "--max-seconds", "60");

        assertThat(driven.exitCode()).as(driven.output()).isZero();
        assertThat(driven.output()).contains("events 408:").contains("answers: 200=40, 201=8");
        assertThat(driven.batches()).isEqualTo(40);
        assertThat(driven.runs()).hasSize(8).allMatch(r -> !r.ongoing() && r.counts().get(TestStatus.PASSED) == 25);
    }

    @Test
    void the_driver_refuses_an_address_that_is_not_loopback() throws Exception {
        Process driver = new ProcessBuilder(RunnerTest.PYTHON, DRIVER.toString(), "--url", "http://192.0.2.1:8080",
                "--user", "x", "--token-file", "/dev/null").redirectErrorStream(true).start();
        String output = new String(driver.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(driver.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(driver.exitValue()).isEqualTo(2);
        assertThat(output).contains("is not a loopback address");
    }
}
