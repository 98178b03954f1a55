package io.jenkins.plugins.systemtests.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.systemtests.core.api.ApiResponse;
import io.jenkins.plugins.systemtests.core.config.Settings;
import io.jenkins.plugins.systemtests.core.ingest.IngestionService;
import io.jenkins.plugins.systemtests.core.json.Json;
import io.jenkins.plugins.systemtests.core.model.TestRun;
import io.jenkins.plugins.systemtests.core.model.TestStatus;
import io.jenkins.plugins.systemtests.core.protocol.MessageKind;
import io.jenkins.plugins.systemtests.core.store.RunLocator;
import io.jenkins.plugins.systemtests.core.store.RunStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner reports to a Jenkins-like endpoint on loopback that is first unreachable, then answers 503, then
 * accepts: every message arrives once, in order, and the run ends up complete.
 */
class RunnerReportingTest {
    @TempDir
    Path work;

    @Test
    void reports_wait_on_disk_while_jenkins_is_down_and_none_is_lost_or_applied_twice() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path token = work.resolve("token");
        Files.writeString(token, "s3cret-token\n");
        Path spool = work.resolve("spool");

        try (RunStore store = RunStore.open(work.resolve("store"), RunLocator.STANDALONE)) {
            IngestionService service = new IngestionService(store, Clock.systemUTC(), () -> Settings.DEFAULTS,
                    id -> "/runs/" + id);
            AtomicInteger unavailableLeft = new AtomicInteger(3);
            List<String> accepted = Collections.synchronizedList(new ArrayList<>());

            Process runner = new ProcessBuilder(RunnerTest.PYTHON, RunnerTest.RUNNER.toString(),
                    "sample-tests/plain/test_math_passes.py", "sample-tests/plain/test_warns.py",
                    "sample-tests/plain/test_fails.py", "--machine-name", "spooling machine",
                    "--report-to", "http://127.0.0.1:" + port, "--user", "lab", "--token-file", token.toString(),
                    "--spool-dir", spool.toString(), "--drain-timeout", "60")
                    .directory(RunnerTest.BASEDIR.toFile()).redirectErrorStream(true).start();
            StringBuilder output = new StringBuilder();
            Thread reader = new Thread(() -> {
                try {
                    output.append(new String(runner.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    output.append(e);
                }
            });
            reader.start();

            // Jenkins is down while the tests run: the runner keeps every message in its spool.
            Thread.sleep(1500);
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
            server.createContext("/system-tests/api/v1/", exchange -> answer(exchange, service, unavailableLeft,
                    accepted));
            server.start();
            try {
                assertThat(runner.waitFor(90, TimeUnit.SECONDS)).isTrue();
                reader.join();
            } finally {
                server.stop(0);
            }

            assertThat(output.toString()).contains("Jenkins unreachable").contains("Jenkins answered 503");
            assertThat(runner.exitValue()).as(output.toString()).isEqualTo(1);
            assertThat(accepted).containsExactly("dry-run", "test-start", "test-stop", "test-start", "test-stop",
                    "test-start", "test-stop");
            try (var left = Files.list(spool)) {
                assertThat(left).isEmpty();
            }
            long runId = service.currentRunId("spooling machine").orElseThrow();
            TestRun run = service.read(runId, r -> r).orElseThrow();
            assertThat(run.isOngoing()).isFalse();
            assertThat(List.of(run.status(0), run.status(1), run.status(2)))
                    .containsExactly(TestStatus.PASSED, TestStatus.WARNING, TestStatus.FAILED);
        }
    }

    private static void answer(HttpExchange exchange, IngestionService service, AtomicInteger unavailableLeft,
            List<String> accepted) throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString("lab:s3cret-token".getBytes(StandardCharsets.UTF_8));
        String kind = exchange.getRequestURI().getPath().replaceFirst(".*/", "");
        byte[] body = exchange.getRequestBody().readAllBytes();
        ApiResponse response;
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            response = ApiResponse.of(401, "no");
        } else if (unavailableLeft.getAndDecrement() > 0) {
            response = ApiResponse.of(503, "starting up");
        } else {
            response = service.receive(MessageKind.fromPathSegment(kind).orElseThrow(), body);
            if (response.status() < 300) {
                accepted.add(kind);
            }
        }
        byte[] json = Json.MAPPER.writeValueAsBytes(response.body());
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(response.status(), json.length);
        exchange.getResponseBody().write(json);
        exchange.close();
    }
}
