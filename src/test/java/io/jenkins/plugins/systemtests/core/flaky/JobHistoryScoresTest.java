package io.jenkins.plugins.systemtests.core.flaky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.jenkins.plugins.systemtests.core.api.ApiResponse;
import io.jenkins.plugins.systemtests.core.api.JobHistory;
import io.jenkins.plugins.systemtests.core.config.Settings;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.systemtests.core.ingest.IngestionService;
import io.jenkins.plugins.systemtests.core.json.Json;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.model.TestId;
import io.jenkins.plugins.systemtests.core.protocol.MessageKind;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.core.store.RunLocator;
import io.jenkins.plugins.systemtests.core.store.RunStore;
import io.jenkins.plugins.systemtests.core.support.Plans;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scores and comparisons read from a real store, filled with reported runs of one job's builds. */
class JobHistoryScoresTest {
    private static final Plans.File STEADY = new Plans.File("/lab", "test_steady.py");
    private static final Plans.File DOOR = new Plans.File("/lab", "test_door.py");
    private static final Plans.File LOCK = new Plans.File("/lab", "test_lock.py");
    private static final Plans.File FAN = new Plans.File("/lab", "test_fan.py");

    @TempDir
    Path home;

    private RunStore store;
    private IngestionService service;
    private final Map<Integer, Long> runOfBuild = new LinkedHashMap<>();

    @BeforeEach
    void open() throws Exception {
        store = RunStore.open(home, RunLocator.STANDALONE);
        service = new IngestionService(store, Clock.systemUTC(), () -> Settings.DEFAULTS, id -> "/r/" + id);
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    /** Reports build {@code build} of job lab/nightly with these outcomes, in this order. */
    private void build(int build, Map<Plans.File, String> outcomes) {
        String machine = "agent-" + build;
        String buildUrl = "job/lab/job/nightly/" + build + "/";
        String body = new String(Plans.dryRun(machine, List.of(new ArrayList<>(outcomes.keySet()))),
                StandardCharsets.UTF_8).replaceFirst("\\{", "{\"build_url\": \"" + buildUrl + "\",");
        ApiResponse created = ApiResponse.of(service.receive(MessageKind.DRY_RUN, Plans.utf8(body)));
        assertThat(created.status()).isEqualTo(201);
        int n = 0;
        for (Map.Entry<Plans.File, String> test : outcomes.entrySet()) {
            service.receive(MessageKind.TEST_START, Plans.start(machine, test.getKey(), Plans.timestamp(n++)));
            service.receive(MessageKind.TEST_STOP, Plans.stop(machine, test.getKey(), test.getValue(),
                    Plans.timestamp(n++)));
        }
        long runId = service.reader().summaries().stream().filter(s -> buildUrl.equals(s.buildUrl()))
                .mapToLong(RunSummary::id).max().orElseThrow();
        runOfBuild.put(build, runId);
    }

    private static Map<Plans.File, String> outcomes(Object... pairs) {
        Map<Plans.File, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((Plans.File) pairs[i], (String) pairs[i + 1]);
        }
        return map;
    }

    private List<RunSummary> jobRuns() {
        return new JobHistory(store).runsOf(service.reader().summaries(), "lab/nightly");
    }

    private BuildOutcomes outcomesOf(int build) {
        return BuildOutcomes.read(build, List.of(runOfBuild.get(build)), store);
    }

    @Test
    void the_flakiest_tests_are_those_that_flip_and_environment_failures_are_left_out() {
        String[] door = {"passed", "failed", "passed", "failed", "passed", "passed"};
        for (int b = 1; b <= 6; b++) {
            build(b, outcomes(STEADY, "passed", DOOR, door[b - 1], LOCK, b == 6 ? "failed" : "passed"));
        }
        // build 7: the lab was down, everything failed; it says nothing of the door
        build(7, outcomes(STEADY, "error", DOOR, "error", LOCK, "error"));

        JobFlakiness flakiness = new JobFlakiness(store);
        List<JobFlakiness.TestScore> flakiest = flakiness.flakiest(jobRuns(), 10);

        assertThat(flakiest).extracting(JobFlakiness.TestScore::fileName, s -> s.score().runs(), s -> s.score().flips())
                .containsExactly(tuple("test_door.py", 6, 4), tuple("test_lock.py", 6, 1));
        assertThat(flakiest.get(0).score().score()).isEqualTo(4 / 5.0);
        assertThat(flakiness.score(jobRuns(), TestId.of("/scenarios", "/lab", "test_steady.py"))).isEqualTo(new FlakinessScore(6, 0, 0, 0.0));
        assertThat(flakiness.score(jobRuns(), TestId.of("/scenarios", "/lab", "test_unknown.py")).enoughRuns()).isFalse();
        for (JobFlakiness.TestScore each : flakiness.scores(jobRuns())) { // one test read alone scores as among all
            assertThat(flakiness.score(jobRuns(), new TestId(each.folder(), each.fileName()))).isEqualTo(each.score());
        }
    }

    /** Reports build {@code build} in which the door test failed, was retried and passed on its second attempt. */
    private void buildWithDoorPassingOnRetry(int build) throws Exception {
        String machine = "agent-" + build;
        String buildUrl = "job/lab/job/nightly/" + build + "/";
        String body = new String(Plans.dryRun(machine, List.of(List.of(STEADY, DOOR))), StandardCharsets.UTF_8)
                .replaceFirst("\\{", "{\"build_url\": \"" + buildUrl + "\",");
        assertThat(ApiResponse.of(service.receive(MessageKind.DRY_RUN, Plans.utf8(body))).status()).isEqualTo(201);
        service.receive(MessageKind.TEST_START, Plans.start(machine, STEADY, Plans.timestamp(0)));
        service.receive(MessageKind.TEST_STOP, Plans.stop(machine, STEADY, "passed", Plans.timestamp(1)));
        service.receive(MessageKind.TEST_START, Plans.start(machine, DOOR, Plans.timestamp(2)));
        ObjectNode firstAttempt = (ObjectNode) Json.MAPPER.readTree(Plans.stop(machine, DOOR, "failed",
                Plans.timestamp(3), "the door stuck"));
        service.receive(MessageKind.TEST_STOP, Plans.bytes(firstAttempt.put("retry", true)));
        service.receive(MessageKind.TEST_START, Plans.start(machine, DOOR, Plans.timestamp(4)));
        service.receive(MessageKind.TEST_STOP, Plans.stop(machine, DOOR, "passed", Plans.timestamp(5)));
        runOfBuild.put(build, service.reader().summaries().stream().filter(s -> buildUrl.equals(s.buildUrl()))
                .mapToLong(RunSummary::id).max().orElseThrow());
    }

    @Test
    void a_pass_on_retry_counts_towards_the_score_from_the_runs_kept_results() throws Exception {
        for (int b = 1; b <= 5; b++) {
            if (b == 3) {
                buildWithDoorPassingOnRetry(b);
            } else {
                build(b, outcomes(STEADY, "passed", DOOR, "passed"));
            }
        }
        JobFlakiness flakiness = new JobFlakiness(store);

        FlakinessScore door = flakiness.score(jobRuns(), TestId.of("/scenarios", "/lab", "test_door.py"));

        assertThat(door).isEqualTo(new FlakinessScore(5, 0, 1, 1 / 5.0));
        assertThat(flakiness.flakiest(jobRuns(), 10)).extracting(JobFlakiness.TestScore::fileName)
                .containsExactly("test_door.py");
        assertThat(flakiness.score(jobRuns(), TestId.of("/scenarios", "/lab", "test_steady.py")).score()).isZero();
    }

    @Test
    void new_failures_failures_that_go_on_since_their_first_build_and_fixed_tests_across_three_builds() {
        build(1, outcomes(STEADY, "passed", DOOR, "failed", LOCK, "passed", FAN, "failed"));
        build(2, outcomes(STEADY, "passed", DOOR, "failed", LOCK, "passed", FAN, "failed"));
        build(3, outcomes(STEADY, "passed", DOOR, "error", LOCK, "failed", FAN, "passed"));

        BuildComparison third = BuildComparison.of(outcomesOf(3), outcomesOf(2), List.of(outcomesOf(2), outcomesOf(1)));

        assertThat(third.baselineNumber()).isEqualTo(2);
        assertThat(third.newFailures()).extracting(BuildComparison.Change::fileName, BuildComparison.Change::status)
                .containsExactly(tuple("test_lock.py", TestStatus.FAILED));
        assertThat(third.ongoing()).extracting(BuildComparison.Change::fileName, BuildComparison.Change::status,
                BuildComparison.Change::failingSince).containsExactly(tuple("test_door.py", TestStatus.ERROR, 1));
        assertThat(third.fixed()).extracting(BuildComparison.Change::fileName).containsExactly("test_fan.py");
    }

    @Test
    void compared_with_an_older_build_a_failure_of_a_test_it_did_not_run_is_new() {
        build(1, outcomes(STEADY, "failed"));
        build(2, outcomes(STEADY, "passed", DOOR, "passed"));
        build(3, outcomes(STEADY, "passed", DOOR, "failed", LOCK, "failed"));

        BuildComparison withFirst = BuildComparison.of(outcomesOf(3), outcomesOf(1), List.of(outcomesOf(2), outcomesOf(1)));

        assertThat(withFirst.baselineNumber()).isEqualTo(1);
        assertThat(withFirst.newFailures()).extracting(BuildComparison.Change::fileName)
                .containsExactly("test_door.py", "test_lock.py");
        assertThat(withFirst.ongoing()).isEmpty();
        assertThat(withFirst.fixed()).extracting(BuildComparison.Change::fileName).containsExactly("test_steady.py");
    }
}
