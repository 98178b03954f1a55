package io.jenkins.plugins.systemtests.core.ingest;

import static io.jenkins.plugins.systemtests.core.support.Plans.example;
import static io.jenkins.plugins.systemtests.core.support.Plans.timestamp;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.systemtests.core.api.ApiResponse;
import io.jenkins.plugins.systemtests.core.config.Settings;
import io.jenkins.plugins.systemtests.core.model.EndReason;
import io.jenkins.plugins.systemtests.core.model.TestRun;
import io.jenkins.plugins.systemtests.core.protocol.MessageKind;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.core.store.RunLocator;
import io.jenkins.plugins.systemtests.core.store.RunStore;
import io.jenkins.plugins.systemtests.core.support.MutableClock;
import io.jenkins.plugins.systemtests.core.support.Plans.File;
import io.jenkins.plugins.systemtests.core.support.Plans;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestionServiceTest {
    private static final String MACHINE = "bench #3";
    private static final File LAMP = new File("/tests/lamp", "test_lamp.py");
    private static final File DOOR = new File("/tests/door", "test_door.py");
    private static final File TRUNK = new File("/tests/trunk", "test_trunk.py");

    @TempDir
    Path home;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final AtomicReference<Settings> settings = new AtomicReference<>(Settings.DEFAULTS);
    private RunStore store;
    private IngestionService service;

    @BeforeEach
    void open() throws Exception {
        store = RunStore.open(home, RunLocator.STANDALONE);
        service = new IngestionService(store, clock, settings::get, id -> "http://jenkins/system-tests/runs/" + id);
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    private ApiResponse send(MessageKind kind, byte[] body) {
        return ApiResponse.of(service.receive(kind, body));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(ApiResponse answer) {
        return (Map<String, Object>) answer.body();
    }

    private TestRun run(long id) {
        return service.reader().read(id, r -> r).orElseThrow();
    }

    private long dryRun(List<List<File>> scenarios) {
        ApiResponse answer = send(MessageKind.DRY_RUN, Plans.dryRun(MACHINE, scenarios));
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(201);
        return ((Number) body(answer).get("runId")).longValue();
    }

    @Test
    void the_three_example_messages_are_taken_in_order() {
        ApiResponse created = send(MessageKind.DRY_RUN, example("dry-run.json"));
        ApiResponse started = send(MessageKind.TEST_START, example("test-start.json"));
        ApiResponse stopped = send(MessageKind.TEST_STOP, example("test-stop.json"));

        assertThat(created.status()).isEqualTo(201);
        assertThat(body(created)).containsEntry("runId", 1L)
                .containsEntry("url", "http://jenkins/system-tests/runs/1").containsEntry("tests", 4);
        assertThat(started.status()).isEqualTo(202);
        assertThat(stopped.status()).isEqualTo(202);
        TestRun run = run(1);
        assertThat(run.status(0)).isEqualTo(TestStatus.PASSED);
        assertThat(run.status(1)).isEqualTo(TestStatus.WAITING);
        assertThat(run.status()).isEqualTo(TestStatus.WAITING);
        assertThat(run.isOngoing()).isTrue();
    }

    @Test
    void a_file_that_runs_twice_is_matched_by_its_position_in_the_plan() {
        long id = dryRun(List.of(List.of(LAMP), List.of(TRUNK, DOOR, TRUNK)));

        for (File f : List.of(LAMP, TRUNK, DOOR)) {
            assertThat(send(MessageKind.TEST_START, Plans.start(MACHINE, f, timestamp(1))).status()).isEqualTo(202);
            assertThat(send(MessageKind.TEST_STOP, Plans.stop(MACHINE, f, "passed", timestamp(2))).status())
                    .isEqualTo(202);
        }
        send(MessageKind.TEST_START, Plans.start(MACHINE, TRUNK, timestamp(3)));

        TestRun run = run(id);
        assertThat(run.status(1)).isEqualTo(TestStatus.PASSED);
        assertThat(run.status(3)).isEqualTo(TestStatus.RUNNING);
        assertThat(run.start(3)).isEqualTo(java.time.LocalDateTime.of(2018, 12, 30, 13, 0, 3, 3_000));

        send(MessageKind.TEST_STOP, Plans.stop(MACHINE, TRUNK, "failed", timestamp(4)));
        assertThat(run(id).status(3)).isEqualTo(TestStatus.FAILED);
        assertThat(run(id).status()).isEqualTo(TestStatus.FAILED);
        assertThat(run(id).isOngoing()).isFalse();
    }

    @Test
    void a_retried_start_or_stop_is_answered_again_without_changing_anything_twice() {
        long id = dryRun(List.of(List.of(TRUNK, TRUNK)));
        byte[] start = Plans.start(MACHINE, TRUNK, timestamp(1));
        byte[] stop = Plans.stop(MACHINE, TRUNK, "warning", timestamp(2));

        send(MessageKind.TEST_START, start);
        long version = run(id).version();
        ApiResponse retry = send(MessageKind.TEST_START, start);
        assertThat(retry.status()).isEqualTo(202);
        assertThat(body(retry)).containsEntry("duplicate", true);
        assertThat(run(id).version()).isEqualTo(version);
        assertThat(run(id).status(1)).as("the second occurrence is untouched").isEqualTo(TestStatus.WAITING);

        send(MessageKind.TEST_STOP, stop);
        assertThat(body(send(MessageKind.TEST_STOP, stop))).containsEntry("duplicate", true);
        assertThat(run(id).status(0)).isEqualTo(TestStatus.WARNING);
        assertThat(run(id).status(1)).isEqualTo(TestStatus.WAITING);
    }

    @Test
    void start_or_stop_from_a_machine_without_a_plan_is_404_and_one_matching_nothing_is_409() {
        assertThat(send(MessageKind.TEST_START, example("test-start.json")).status()).isEqualTo(404);
        long id = dryRun(List.of(List.of(LAMP)));
        long version = run(id).version();

        ApiResponse stopBeforeStart = send(MessageKind.TEST_STOP, Plans.stop(MACHINE, LAMP, "passed", timestamp(1)));
        ApiResponse unknownFile = send(MessageKind.TEST_START, Plans.start(MACHINE, DOOR, timestamp(1)));

        assertThat(stopBeforeStart.status()).isEqualTo(409);
        assertThat(body(stopBeforeStart)).containsEntry("errorCode", "NO_MATCHING_TEST");
        assertThat(unknownFile.status()).isEqualTo(409);
        assertThat(body(unknownFile).get("message").toString()).contains("the plan has no such file");
        assertThat(run(id).version()).isEqualTo(version);
    }

    @Test
    void a_new_dry_run_ends_the_machines_ongoing_run_with_its_unfinished_tests_unknown() {
        long first = dryRun(List.of(List.of(LAMP, DOOR)));
        send(MessageKind.TEST_START, Plans.start(MACHINE, LAMP, timestamp(1)));

        long second = dryRun(List.of(List.of(LAMP)));

        assertThat(second).isGreaterThan(first);
        TestRun old = run(first);
        assertThat(old.isOngoing()).isFalse();
        assertThat(old.endReason()).contains(EndReason.SUPERSEDED);
        assertThat(old.status(0)).isEqualTo(TestStatus.UNKNOWN);
        assertThat(old.status(1)).isEqualTo(TestStatus.UNKNOWN);
        assertThat(send(MessageKind.TEST_START, Plans.start(MACHINE, LAMP, timestamp(2))).status()).isEqualTo(202);
        assertThat(run(second).status(0)).isEqualTo(TestStatus.RUNNING);
    }

    @Test
    void a_plan_sent_again_unchanged_before_its_first_test_is_a_retry_of_the_same_run_and_after_it_a_new_run() {
        long first = dryRun(List.of(List.of(LAMP, DOOR)));

        long retried = dryRun(List.of(List.of(LAMP, DOOR)));
        assertThat(retried).as("a retry after a lost answer").isEqualTo(first);
        assertThat(run(first).isOngoing()).isTrue();

        send(MessageKind.TEST_START, Plans.start(MACHINE, LAMP, timestamp(1)));
        long next = dryRun(List.of(List.of(LAMP, DOOR)));
        assertThat(next).as("once a test has started, the same plan again is a new run").isGreaterThan(first);
        assertThat(run(first).endReason()).contains(EndReason.SUPERSEDED);
        assertThat(service.reader().summaries()).hasSize(2);
    }

    @Test
    void two_builds_on_one_machine_keep_their_own_runs_when_starts_and_stops_name_the_build() {
        byte[] planA = withBuild(Plans.dryRun(MACHINE, List.of(List.of(LAMP))), "job/a/1/");
        byte[] planB = withBuild(Plans.dryRun(MACHINE, List.of(List.of(LAMP))), "job/b/1/");
        long a = ((Number) body(send(MessageKind.DRY_RUN, planA)).get("runId")).longValue();
        long b = ((Number) body(send(MessageKind.DRY_RUN, planB)).get("runId")).longValue();

        send(MessageKind.TEST_START, withBuild(Plans.start(MACHINE, LAMP, timestamp(1)), "job/a/1/"));
        send(MessageKind.TEST_STOP, withBuild(Plans.stop(MACHINE, LAMP, "failed", timestamp(2)), "job/a/1/"));

        assertThat(run(a).status(0)).isEqualTo(TestStatus.FAILED);
        assertThat(run(b).isOngoing()).as("build b's run was not superseded by build a's").isTrue();
        assertThat(run(b).status(0)).isEqualTo(TestStatus.WAITING);
        assertThat(service.reader().summaries().stream().filter(s -> s.machineName().equals(MACHINE))
                .mapToLong(s -> s.id()).max()).hasValue(b);
    }

    @Test
    void a_builds_own_runner_reports_even_when_machine_reporting_is_switched_off_and_an_abort_ends_its_run() {
        settings.set(new Settings(false, 60));
        ApiResponse created = ApiResponse.of(service.receiveFromBuild(MessageKind.DRY_RUN, Plans.dryRun(MACHINE, List.of(List.of(LAMP, DOOR)))));
        long id = ((Number) body(created).get("runId")).longValue();
        service.receiveFromBuild(MessageKind.TEST_START, Plans.start(MACHINE, LAMP, timestamp(1)));

        assertThat(service.endRun(id, EndReason.ABORTED, TestStatus.CANCELLED)).isTrue();
        assertThat(service.endRun(id, EndReason.ABORTED, TestStatus.CANCELLED)).as("already ended").isFalse();

        assertThat(run(id).counts()).containsEntry(TestStatus.CANCELLED, 2);
        assertThat(run(id).endReason()).contains(EndReason.ABORTED);
        assertThat(send(MessageKind.TEST_START, Plans.start(MACHINE, DOOR, timestamp(3))).status()).isEqualTo(403);
    }

    @Test
    void a_builds_runner_s_events_taken_together_are_applied_in_order_and_one_refused_does_not_stop_the_rest() {
        settings.set(new Settings(false, 60));
        ApiResponse created = ApiResponse.of(service.receiveFromBuild(MessageKind.DRY_RUN,
                Plans.dryRun(MACHINE, List.of(List.of(LAMP, DOOR)))));
        long id = ((Number) body(created).get("runId")).longValue();

        List<Receipt> receipts = service.receiveAllFromBuild(List.of(
                Map.entry(MessageKind.TEST_START, Plans.start(MACHINE, LAMP, timestamp(1))),
                Map.entry(MessageKind.TEST_STOP, Plans.stop(MACHINE, LAMP, "passed", timestamp(2))),
                Map.entry(MessageKind.TEST_STOP, Plans.stop(MACHINE, DOOR, "failed", timestamp(3))),
                Map.entry(MessageKind.TEST_START, Plans.start(MACHINE, DOOR, timestamp(4))),
                Map.entry(MessageKind.TEST_START, Plans.start(MACHINE, LAMP, timestamp(1)))));

        assertThat(receipts).hasSize(5);
        assertThat(receipts.get(0)).isEqualTo(new Receipt.Applied(id, false));
        assertThat(receipts.get(1)).isEqualTo(new Receipt.Applied(id, false));
        assertThat(receipts.get(2)).as("door had not started").isInstanceOf(Receipt.Refused.class);
        assertThat(receipts.get(3)).isEqualTo(new Receipt.Applied(id, false));
        assertThat(receipts.get(4)).as("lamp's start again: a retry").isEqualTo(new Receipt.Applied(id, true));
        assertThat(run(id).status(0)).isEqualTo(TestStatus.PASSED);
        assertThat(run(id).status(1)).isEqualTo(TestStatus.RUNNING);
    }

    private static byte[] withBuild(byte[] message, String buildUrl) {
        String text = new String(message, java.nio.charset.StandardCharsets.UTF_8);
        return Plans.utf8(text.replaceFirst("\\{", "{\"build_url\":\"" + buildUrl + "\","));
    }

    @Test
    void a_run_silent_longer_than_the_timeout_is_ended() {
        settings.set(new Settings(true, 10));
        long id = dryRun(List.of(List.of(LAMP, DOOR)));
        send(MessageKind.TEST_START, Plans.start(MACHINE, LAMP, timestamp(1)));

        clock.advance(Duration.ofMinutes(9));
        assertThat(service.endSilentRuns()).isZero();
        clock.advance(Duration.ofMinutes(2));
        assertThat(service.endSilentRuns()).isEqualTo(1);

        assertThat(run(id).endReason()).contains(EndReason.SILENT);
        assertThat(run(id).counts()).containsEntry(TestStatus.UNKNOWN, 2);
    }

    @Test
    void a_plan_naming_an_unknown_build_is_refused_and_leaves_the_previous_run_going() throws Exception {
        long first = dryRun(List.of(List.of(LAMP)));
        store.close();
        RunLocator buildsOnlyNumberSeven = (id, plan) -> {
            if (plan.buildUrl() != null && !plan.buildUrl().endsWith("/7/")) {
                throw new io.jenkins.plugins.systemtests.core.protocol.RejectedException(
                        io.jenkins.plugins.systemtests.core.protocol.ErrorCode.UNKNOWN_BUILD, "no such build");
            }
            return java.util.Optional.empty();
        };
        store = RunStore.open(home, buildsOnlyNumberSeven);
        service = new IngestionService(store, clock, settings::get, id -> "/runs/" + id);
        String body = new String(Plans.dryRun(MACHINE, List.of(List.of(DOOR))), java.nio.charset.StandardCharsets.UTF_8)
                .replaceFirst("\\{", "{\"build_url\": \"job/lab/8/\",");

        ApiResponse answer = send(MessageKind.DRY_RUN, Plans.utf8(body));

        assertThat(answer.status()).isEqualTo(404);
        assertThat(body(answer)).containsEntry("errorCode", "UNKNOWN_BUILD");
        assertThat(run(first).isOngoing()).isTrue();
        assertThat(service.reader().summaries()).hasSize(1);
    }

    @Test
    void reporting_switched_off_is_403_and_records_nothing() {
        settings.set(new Settings(false, 60));
        ApiResponse answer = send(MessageKind.DRY_RUN, example("dry-run.json"));
        assertThat(answer.status()).isEqualTo(403);
        assertThat(body(answer)).containsEntry("errorCode", "REPORTING_DISABLED");
        assertThat(service.reader().summaries()).isEmpty();
    }

    @Test
    void a_generated_plan_of_a_thousand_tests_runs_to_the_end() {
        List<List<File>> scenarios = new ArrayList<>();
        for (int s = 0; s < 10; s++) {
            List<File> files = new ArrayList<>();
            for (int t = 0; t < 100; t++) {
                files.add(new File("/tests/s" + s, "test_" + (t % 7) + ".py")); // files repeat within a scenario
            }
            scenarios.add(files);
        }
        long id = dryRun(scenarios);
        String[] outcomes = {"passed", "warning", "failed", "error"};
        int test = 0;
        for (List<File> files : scenarios) {
            for (File f : files) {
                String outcome = outcomes[test % 4];
                assertThat(send(MessageKind.TEST_START, Plans.start(MACHINE, f, timestamp(2 * test))).status())
                        .isEqualTo(202);
                assertThat(send(MessageKind.TEST_STOP, Plans.stop(MACHINE, f, outcome, timestamp(2 * test + 1))).status())
                        .isEqualTo(202);
                test++;
            }
        }
        TestRun run = run(id);
        assertThat(run.isOngoing()).isFalse();
        assertThat(run.counts()).containsEntry(TestStatus.PASSED, 250).containsEntry(TestStatus.WARNING, 250)
                .containsEntry(TestStatus.FAILED, 250).containsEntry(TestStatus.ERROR, 250);
        assertThat(run.status()).isEqualTo(TestStatus.FAILED);
    }

    @Test
    void skipped_tests_are_kept_counted_and_read_back_and_a_run_of_passed_and_skipped_tests_is_a_success()
            throws Exception {
        long id = dryRun(List.of(List.of(LAMP, DOOR), List.of(TRUNK)));
        send(MessageKind.TEST_START, Plans.start(MACHINE, LAMP, timestamp(1)));
        send(MessageKind.TEST_STOP, Plans.stop(MACHINE, LAMP, "passed", timestamp(2)));
        send(MessageKind.TEST_START, Plans.start(MACHINE, DOOR, timestamp(3)));
        send(MessageKind.TEST_STOP, Plans.stop(MACHINE, DOOR, "skipped", timestamp(4), "no door on this rig"));
        send(MessageKind.TEST_START, Plans.start(MACHINE, TRUNK, timestamp(5)));
        ApiResponse lastStop = send(MessageKind.TEST_STOP, Plans.stop(MACHINE, TRUNK, "skipped", timestamp(6)));

        store.close();
        open();

        assertThat(lastStop.status()).isEqualTo(202);
        TestRun run = run(id);
        assertThat(run.status(1)).isEqualTo(TestStatus.SKIPPED);
        assertThat(run.reason(1)).isEqualTo("no door on this rig");
        assertThat(run.scenarioStatus(0)).isEqualTo(TestStatus.PASSED);
        assertThat(run.scenarioStatus(1)).isEqualTo(TestStatus.SKIPPED);
        var summary = service.reader().summary(id).orElseThrow();
        assertThat(summary.counts()).containsEntry(TestStatus.PASSED, 1).containsEntry(TestStatus.SKIPPED, 2);
        assertThat(summary.status()).isEqualTo(TestStatus.PASSED);
        assertThat(summary.outcome()).isEqualTo("success");
        assertThat(store.results(id).orElseThrow().status(2)).isEqualTo(TestStatus.SKIPPED);
    }

    @Test
    void after_a_restart_every_run_is_back_as_it_was() throws Exception {
        long finished = dryRun(List.of(List.of(LAMP)));
        send(MessageKind.TEST_START, Plans.start(MACHINE, LAMP, timestamp(1)));
        send(MessageKind.TEST_STOP, Plans.stop(MACHINE, LAMP, "passed", timestamp(2)));
        String other = "other machine";
        send(MessageKind.DRY_RUN, Plans.dryRun(other, List.of(List.of(LAMP, DOOR))));
        send(MessageKind.TEST_START, Plans.start(other, LAMP, timestamp(3)));
        TestRun finishedBefore = run(finished);
        TestRun ongoingBefore = run(2);

        store.close();
        open();

        assertThat(run(finished)).isEqualTo(finishedBefore);
        assertThat(run(2)).isEqualTo(ongoingBefore);
        assertThat(run(2).isOngoing()).isTrue();
        assertThat(send(MessageKind.TEST_STOP, Plans.stop(other, LAMP, "failed", timestamp(4))).status())
                .isEqualTo(202);
        assertThat(send(MessageKind.DRY_RUN, Plans.dryRun(MACHINE, List.of(List.of(LAMP)))).body())
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("runId", 3L);
    }
}
