package io.jenkins.plugins.systemtests.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.systemtests.core.config.Settings;
import io.jenkins.plugins.systemtests.core.ingest.BoundedBody;
import io.jenkins.plugins.systemtests.core.ingest.IngestionService;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.model.TestRun;
import io.jenkins.plugins.systemtests.core.store.RunLocator;
import io.jenkins.plugins.systemtests.core.store.RunStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reporting that loses nothing and sends nothing twice or to the wrong place: configuration errors stop the sending
 * and keep the reports for --resend, redirects are followed only where a POST stays a POST, the spool is per Jenkins
 * URL, user and run, and plans of any size arrive.
 */
class RunnerDeliveryTest {
    private static final String[] THREE_TESTS = {"sample-tests/plain/test_math_passes.py",
        "sample-tests/plain/test_warns.py", "sample-tests/plain/test_fails.py"};
    private static final List<String> SEVEN_REPORTS = List.of("dry-run", "test-start", "test-stop", "test-start",
            "test-stop", "test-start", "test-stop");

    @TempDir
    Path work;
    private RunStore store;
    private IngestionService service;
    private final List<LoopbackEndpoint> endpoints = new ArrayList<>();
    private Path spool;
    private Path token;
    private Path wrongToken;

    record Outcome(int exitCode, String output) {
    }

    @BeforeEach
    void startJenkinsLikeEndpoints() throws Exception {
        store = RunStore.open(work.resolve("store"), RunLocator.STANDALONE);
        service = new IngestionService(store, Clock.systemUTC(), () -> Settings.DEFAULTS, id -> "/runs/" + id);
        spool = work.resolve("spool");
        token = Files.writeString(work.resolve("token"), LoopbackEndpoint.TOKEN + "\n");
        wrongToken = Files.writeString(work.resolve("wrong-token"), "not-the-token\n");
    }

    @AfterEach
    void stop() throws Exception {
        endpoints.forEach(LoopbackEndpoint::close);
        store.close();
    }

    private LoopbackEndpoint endpoint() throws Exception {
        LoopbackEndpoint endpoint = new LoopbackEndpoint(service, 0);
        endpoint.start();
        endpoints.add(endpoint);
        return endpoint;
    }

    private Process start(String url, Path tokenFile, String machine, String... more) throws Exception {
        List<String> command = new ArrayList<>(List.of(RunnerFixture.PYTHON, RunnerFixture.RUNNER.toString()));
        command.addAll(List.of(more));
        command.addAll(List.of("--report-to", url, "--user", LoopbackEndpoint.USER, "--token-file", tokenFile.toString(),
                "--spool-dir", spool.toString(), "--drain-timeout", "30", "--machine-name", machine));
        return new ProcessBuilder(command).directory(RunnerFixture.BASEDIR.toFile()).redirectErrorStream(true).start();
    }

    private Outcome run(String url, Path tokenFile, String machine, String... more) throws Exception {
        Process process = start(url, tokenFile, machine, more);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Outcome(process.exitValue(), output);
    }

    private long spooledReports() throws Exception {
        if (!Files.exists(spool)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(spool)) {
            return files.filter(f -> f.getFileName().toString().matches("\\d{12}\\..*\\.json")).count();
        }
    }

    private TestRun latestRunOf(String machine) {
        long id = service.reader().summaries().stream().filter(s -> s.machineName().equals(machine))
                .mapToLong(RunSummary::id).max().orElseThrow();
        return service.reader().read(id, run -> run).orElseThrow();
    }

    @Test
    void a_wrong_token_stops_the_sending_says_so_once_keeps_every_report_and_resend_delivers_them_once()
            throws Exception {
        LoopbackEndpoint jenkins = endpoint();

        Outcome refused = run(jenkins.url(), wrongToken, "rig-1", THREE_TESTS);

        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(3);
        assertThat(refused.output()).containsOnlyOnce("refused user 'lab' (401 Unauthorized)")
                .contains("runner.py --resend --report-to " + jenkins.url() + "/ --user lab");
        assertThat(jenkins.paths).hasSize(1);
        assertThat(spooledReports()).isEqualTo(7);

        Outcome resent = run(jenkins.url(), token, "rig-1", "--resend");

        assertThat(resent.exitCode()).as(resent.output()).isZero();
        assertThat(resent.output()).contains("7 of 7 unsent reports sent");
        assertThat(jenkins.accepted).containsExactlyElementsOf(SEVEN_REPORTS);
        assertThat(latestRunOf("rig-1").isOngoing()).isFalse();
        assertThat(latestRunOf("rig-1").version()).isEqualTo(7);
        assertThat(spooledReports()).isZero();
    }

    @Test
    void reports_kept_for_one_jenkins_go_to_that_jenkins_only_with_the_next_run() throws Exception {
        LoopbackEndpoint first = endpoint();
        LoopbackEndpoint second = endpoint();
        assertThat(run(first.url(), wrongToken, "rig-2", THREE_TESTS).exitCode()).isEqualTo(3);

        Outcome elsewhere = run(second.url(), token, "rig-2", THREE_TESTS);
        Outcome next = run(first.url(), token, "rig-2", "sample-tests/plain/test_math_passes.py");

        assertThat(elsewhere.exitCode()).isEqualTo(1);
        assertThat(second.accepted).containsExactlyElementsOf(SEVEN_REPORTS);
        assertThat(next.output()).contains("sending 7 unsent reports of an earlier run");
        List<String> expected = new ArrayList<>(SEVEN_REPORTS);
        expected.addAll(List.of("dry-run", "test-start", "test-stop"));
        assertThat(first.accepted).containsExactlyElementsOf(expected);
        assertThat(spooledReports()).isZero();
    }

    @Test
    void two_runners_at_once_share_the_spool_root_without_losing_or_mixing_a_report() throws Exception {
        LoopbackEndpoint jenkins = endpoint();

        Process a = start(jenkins.url(), token, "rig-a", THREE_TESTS);
        Process b = start(jenkins.url(), token, "rig-b", THREE_TESTS);
        String outputA = new String(a.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String outputB = new String(b.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(a.waitFor(120, TimeUnit.SECONDS) && b.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(jenkins.accepted).as(outputA + outputB).hasSize(14);
        for (String machine : List.of("rig-a", "rig-b")) {
            TestRun run = latestRunOf(machine);
            assertThat(run.isOngoing()).isFalse();
            assertThat(run.version()).isEqualTo(7);
        }
        assertThat(spooledReports()).isZero();
    }

    @Test
    void a_307_or_308_redirect_is_followed_as_a_post_and_the_new_address_is_used_from_then_on() throws Exception {
        LoopbackEndpoint jenkins = endpoint();
        jenkins.override = path -> path.startsWith("/old/")
                ? new LoopbackEndpoint.Answer(308, path.substring("/old".length())) : null;

        Outcome outcome = run(jenkins.url() + "/old", token, "rig-3", THREE_TESTS);

        assertThat(outcome.exitCode()).as(outcome.output()).isEqualTo(1);
        assertThat(outcome.output()).containsOnlyOnce("redirects the reports to " + jenkins.url() + "/ (308)");
        assertThat(jenkins.accepted).containsExactlyElementsOf(SEVEN_REPORTS);
        assertThat(jenkins.paths).allMatch(p -> p.startsWith("POST "));
        assertThat(jenkins.paths.get(0)).isEqualTo("POST /old/system-tests/api/v1/dry-run");
        assertThat(jenkins.paths).filteredOn(p -> p.startsWith("POST /old/")).hasSize(1);
    }

    @Test
    void starts_and_stops_go_in_batches_in_order_over_one_connection() throws Exception {
        LoopbackEndpoint jenkins = endpoint();

        Outcome outcome = run(jenkins.url(), token, "rig-7", THREE_TESTS);

        assertThat(outcome.exitCode()).as(outcome.output()).isEqualTo(1);
        assertThat(jenkins.accepted).containsExactlyElementsOf(SEVEN_REPORTS);
        assertThat(jenkins.batches.get()).isPositive();
        assertThat(jenkins.paths).contains("POST /system-tests/api/v1/events")
                .doesNotContain("POST /system-tests/api/v1/test-start", "POST /system-tests/api/v1/test-stop");
        assertThat(latestRunOf("rig-7").version()).isEqualTo(7);
    }

    @Test
    void a_jenkins_without_the_batch_endpoint_gets_one_report_per_request() throws Exception {
        LoopbackEndpoint olderPlugin = endpoint();
        olderPlugin.override = path -> path.endsWith("/events") ? new LoopbackEndpoint.Answer(404, null) : null;

        Outcome outcome = run(olderPlugin.url(), token, "rig-8", THREE_TESTS);

        assertThat(outcome.exitCode()).as(outcome.output()).isEqualTo(1);
        assertThat(outcome.output()).containsOnlyOnce("has no batch endpoint");
        assertThat(olderPlugin.accepted).containsExactlyElementsOf(SEVEN_REPORTS);
        assertThat(latestRunOf("rig-8").isOngoing()).isFalse();
    }

    @Test
    void a_301_redirect_is_a_configuration_error_that_names_the_url_to_use() throws Exception {
        LoopbackEndpoint jenkins = endpoint();
        jenkins.override = path -> path.startsWith("/old/")
                ? new LoopbackEndpoint.Answer(301, "http://127.0.0.1:" + jenkins.port + path.substring("/old".length()))
                : null;

        Outcome outcome = run(jenkins.url() + "/old", token, "rig-4", THREE_TESTS);

        assertThat(outcome.exitCode()).isEqualTo(3);
        assertThat(outcome.output()).containsOnlyOnce("where a POST would arrive as a GET: use --report-to "
                + jenkins.url() + "/");
        assertThat(jenkins.accepted).isEmpty();
        assertThat(spooledReports()).isEqualTo(7);
    }

    @Test
    void a_wrong_path_is_a_configuration_error_not_a_refused_message() throws Exception {
        LoopbackEndpoint jenkins = endpoint();
        jenkins.override = path -> path.startsWith("/typo/") ? new LoopbackEndpoint.Answer(404, null) : null;

        Outcome outcome = run(jenkins.url() + "/typo", token, "rig-5", THREE_TESTS);

        assertThat(outcome.exitCode()).isEqualTo(3);
        assertThat(outcome.output()).containsOnlyOnce("answered 404 Not Found: --report-to must be the root URL");
        assertThat(spooledReports()).isEqualTo(7);
    }

    @Test
    void a_plan_far_above_the_body_cap_arrives_gzipped_leaving_out_script_texts_only_as_far_as_needed()
            throws Exception {
        LoopbackEndpoint jenkins = endpoint();
        Path suite = Files.createDirectories(work.resolve("big"));
        Random random = new Random(42);
        int tests = 300;
        for (int i = 0; i < tests; i++) {
            StringBuilder noise = new StringBuilder("# calibration table\n");
            for (int line = 0; line < 150; line++) {
                noise.append("# ").append(Long.toHexString(random.nextLong())).append(Long.toHexString(random.nextLong()))
                        .append(Long.toHexString(random.nextLong())).append(Long.toHexString(random.nextLong())).append('\n');
            }
            Files.writeString(suite.resolve("test_%03d.py".formatted(i)), noise + "print('ok')\n");
        }

        Outcome outcome = run(jenkins.url(), token, "rig-6", suite.toString(), "--events",
                work.resolve("events.jsonl").toString());

        assertThat(outcome.exitCode()).as(outcome.output()).isZero();
        String plan = Files.readAllLines(work.resolve("events.jsonl")).get(0);
        assertThat(plan.length()).as("the plan as the runner wrote it").isGreaterThan(BoundedBody.MAX_BYTES);
        assertThat(plan).contains("\"script_omitted\": true").contains("calibration table");
        assertThat(jenkins.accepted).hasSize(1 + 2 * tests);
        TestRun run = latestRunOf("rig-6");
        assertThat(run.testCount()).isEqualTo(tests);
        assertThat(run.isOngoing()).isFalse();
        assertThat(run.test(0).script()).contains("calibration table");
    }
}
