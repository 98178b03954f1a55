package io.jenkins.plugins.systemtests.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.systemtests.core.config.Settings;
import io.jenkins.plugins.systemtests.core.flaky.BuildComparison;
import io.jenkins.plugins.systemtests.core.flaky.BuildOutcomes;
import io.jenkins.plugins.systemtests.core.flaky.JobFlakiness;
import io.jenkins.plugins.systemtests.core.ingest.IngestionService;
import io.jenkins.plugins.systemtests.core.json.Json;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.model.TestId;
import io.jenkins.plugins.systemtests.core.protocol.DryRun;
import io.jenkins.plugins.systemtests.core.protocol.MessageKind;
import io.jenkins.plugins.systemtests.core.protocol.ScenarioPlan;
import io.jenkins.plugins.systemtests.core.protocol.ScriptRef;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.core.queue.TestDurations;
import io.jenkins.plugins.systemtests.core.queue.WorkUnit;
import io.jenkins.plugins.systemtests.core.queue.WorkUnits;
import io.jenkins.plugins.systemtests.core.store.RunLocator;
import io.jenkins.plugins.systemtests.core.store.RunResults;
import io.jenkins.plugins.systemtests.core.store.RunStore;
import io.jenkins.plugins.systemtests.core.support.Plans;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job's builds run on rigs whose workspaces differ (another agent's root, a concurrent build's {@code @2}): each
 * test is still one test in the job's history, named relative to its run's folder ({@link TestId}).
 */
class HistoryAcrossWorkspacesTest {
    private static final String JOB = "lab/nightly";
    /** Build 1 on rig A, build 2 on rig B in a concurrent build's workspace. */
    private static final String[] WORKSPACES = {"/var/jenkins/workspace/nightly", "/home/rig-b/ws/nightly@2"};

    @TempDir
    Path home;

    private RunStore store;
    private IngestionService service;
    private ReadApi api;
    private final List<Long> runOfBuild = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        store = RunStore.open(home, RunLocator.STANDALONE);
        service = new IngestionService(store, Clock.systemUTC(), () -> Settings.DEFAULTS, id -> "/r/" + id);
        api = new ReadApi(service.reader(), new JobHistory(store));
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    private static Plans.File door(String workspace) {
        return new Plans.File(workspace + "/tests/door", "test_door.py");
    }

    private static Plans.File lamp(String workspace) {
        return new Plans.File(workspace + "/tests", "test_lamp.py");
    }

    /** Build {@code build} in a workspace: the door fails after {@code doorSeconds}, the lamp passes in 2 s. */
    private void build(int build, String workspace, int doorSeconds) {
        String machine = "rig-" + build;
        String buildUrl = "job/lab/job/nightly/" + build + "/";
        List<Plans.File> plan = List.of(door(workspace), lamp(workspace));
        String body = new String(Plans.dryRun(machine, workspace, List.of(plan), Plans.timestamp(build)),
                StandardCharsets.UTF_8).replaceFirst("\\{", "{\"build_url\": \"" + buildUrl + "\",");
        assertThat(ApiResponse.of(service.receive(MessageKind.DRY_RUN, Plans.utf8(body))).status()).isEqualTo(201);
        service.receive(MessageKind.TEST_START, Plans.start(machine, door(workspace), at(0)));
        service.receive(MessageKind.TEST_STOP, Plans.stop(machine, door(workspace), "failed", at(doorSeconds)));
        service.receive(MessageKind.TEST_START, Plans.start(machine, lamp(workspace), at(doorSeconds)));
        service.receive(MessageKind.TEST_STOP, Plans.stop(machine, lamp(workspace), "passed", at(doorSeconds + 2)));
        runOfBuild.add(service.reader().summaries().stream().filter(s -> buildUrl.equals(s.buildUrl()))
                .mapToLong(RunSummary::id).max().orElseThrow());
    }

    private static String at(int seconds) {
        return String.format("2026-12-02 08:00:%02d.000000", seconds);
    }

    private void twoBuildsInTwoWorkspaces() {
        build(1, WORKSPACES[0], 4);
        build(2, WORKSPACES[1], 6);
    }

    private List<RunSummary> jobRuns() {
        return new JobHistory(store).runsOf(service.reader().summaries(), JOB);
    }

    private JsonNode get(List<String> path, Map<String, String> query) {
        ApiResponse answer = api.get(path, query);
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(200);
        return Json.MAPPER.valueToTree(answer.body());
    }

    @Test
    void a_tests_history_lists_the_builds_of_every_workspace() {
        twoBuildsInTwoWorkspaces();

        JsonNode fromBuild1 = get(List.of("history", "test"), Map.of("job", JOB, "run",
                Long.toString(runOfBuild.get(0)), "file_path", WORKSPACES[0] + "/tests/door",
                "file_name", "test_door.py"));
        JsonNode fromBuild2 = get(List.of("history", "test"), Map.of("job", JOB, "run",
                Long.toString(runOfBuild.get(1)), "file_path", WORKSPACES[1] + "/tests/door/",
                "file_name", "test_door.py"));
        JsonNode byFolder = get(List.of("history", "test"), Map.of("job", JOB, "file_path", "tests/door",
                "file_name", "test_door.py"));

        for (JsonNode history : List.of(fromBuild1, fromBuild2, byFolder)) {
            assertThat(history.get("items")).extracting(i -> i.get("buildUrl").textValue(),
                    i -> i.get("status").textValue(), i -> i.get("durationMs").longValue())
                    .containsExactly(tuple("job/lab/job/nightly/2/", "failed", 6000L),
                            tuple("job/lab/job/nightly/1/", "failed", 4000L));
            assertThat(history.get("folder").textValue()).isEqualTo("tests/door");
        }
    }

    @Test
    void a_failure_that_goes_on_in_another_workspace_is_known_not_new_and_scores_over_both_builds() {
        twoBuildsInTwoWorkspaces();

        BuildComparison second = BuildComparison.of(BuildOutcomes.read(2, List.of(runOfBuild.get(1)), store),
                BuildOutcomes.read(1, List.of(runOfBuild.get(0)), store),
                List.of(BuildOutcomes.read(1, List.of(runOfBuild.get(0)), store)));

        assertThat(second.newFailures()).isEmpty();
        assertThat(second.ongoing()).extracting(BuildComparison.Change::folder, BuildComparison.Change::fileName,
                BuildComparison.Change::failingSince).containsExactly(tuple("tests/door", "test_door.py", 1));
        JobFlakiness flakiness = new JobFlakiness(store);
        assertThat(flakiness.score(jobRuns(), TestId.of(WORKSPACES[1], WORKSPACES[1] + "/tests", "test_lamp.py"))
                .runs()).isEqualTo(2);
        assertThat(flakiness.scores(jobRuns())).extracting(JobFlakiness.TestScore::folder,
                JobFlakiness.TestScore::fileName, s -> s.score().runs())
                .containsExactlyInAnyOrder(tuple("tests/door", "test_door.py", 2), tuple("tests", "test_lamp.py", 2));
    }

    @Test
    void a_plan_in_a_third_workspace_finds_every_tests_past_durations() {
        twoBuildsInTwoWorkspaces();
        String third = "/srv/rig-c/workspace/nightly";
        DryRun dryRun = new DryRun("rig-3", LocalDateTime.of(2026, 12, 2, 9, 0),
                new ScriptRef(third, "scenario_master.py", "", false), List.of(new ScenarioPlan(
                        new ScriptRef(third, "scenario_0.py", "", false), List.of(
                                new ScriptRef(door(third).path(), door(third).name(), "", false),
                                new ScriptRef(lamp(third).path(), lamp(third).name(), "", false)))), null);

        Set<String> keys = new HashSet<>();
        for (WorkUnit unit : WorkUnits.of(dryRun)) {
            keys.addAll(unit.keys());
        }
        Map<String, Long> medians = TestDurations.medians(jobRuns(), store, keys);

        assertThat(medians).containsOnly(Map.entry(TestId.of(third, third + "/tests/door", "test_door.py").key(), 5000L),
                Map.entry(TestId.of(third, third + "/tests", "test_lamp.py").key(), 2000L));
    }

    @Test
    void a_run_in_another_workspace_expects_the_durations_of_the_same_plan() {
        build(1, WORKSPACES[0], 4);
        String third = "/srv/rig-c/workspace/nightly";
        service.receive(MessageKind.DRY_RUN, Plans.dryRun("rig-3", third, List.of(List.of(door(third), lamp(third))),
                Plans.timestamp(3)));
        long running = service.reader().summaries().stream().filter(RunSummary::ongoing).mapToLong(RunSummary::id)
                .max().orElseThrow();

        JsonNode tree = get(List.of("runs", Long.toString(running), "delta"), Map.of());

        assertThat(tree.at("/masterScenario/scenarios/0/tests/0/expectedMs").intValue()).isEqualTo(4000);
        assertThat(tree.at("/masterScenario/scenarios/0/tests/1/expectedMs").intValue()).isEqualTo(2000);
    }

    @Test
    void a_history_request_naming_a_run_that_is_not_a_number_or_not_there_is_refused() {
        twoBuildsInTwoWorkspaces();

        assertThat(api.get(List.of("history", "test"), Map.of("job", JOB, "run", "two", "file_name", "test_door.py"))
                .status()).isEqualTo(400);
        assertThat(api.get(List.of("history", "test"), Map.of("job", JOB, "run", "99", "file_name", "test_door.py"))
                .status()).isEqualTo(404);
    }

    /**
     * Runs kept before tests were named relative to their run's folder have plans of absolute folders: they are read
     * as they are, without error, and simply do not join the runs named since.
     */
    @Test
    void runs_kept_with_absolute_names_are_read_without_error_and_do_not_join_later_runs() throws IOException {
        Path plans = home.resolve("old-store/plans");
        TestId door = new TestId("tests/door", "test_door.py");
        List<String> oldKeys = List.of("/var/jenkins/workspace/nightly/tests/door\u0000test_door.py",
                "/var/jenkins/workspace/nightly/tests\u0000test_lamp.py");
        List<String> newKeys = List.of(door.key(), new TestId("tests", "test_lamp.py").key());
        Path oldRun = Files.createDirectories(home.resolve("old-store/runs/1"));
        Path newRun = Files.createDirectories(home.resolve("old-store/runs/2"));
        RunResults.write(oldRun, plans, RunResults.hash(oldKeys), oldKeys, "FP", new int[] {4000, 2000});
        RunResults.write(newRun, plans, RunResults.hash(newKeys), newKeys, "FP", new int[] {6000, 2000});
        RunResults.Source source = new RunResults.Source() {
            @Override
            public Optional<RunResults> results(long runId) {
                try {
                    return Optional.of(RunResults.read(home.resolve("old-store/runs/" + runId)));
                } catch (IOException e) {
                    return Optional.empty();
                }
            }

            @Override
            public List<String> planKeys(String planHash) throws IOException {
                return RunResults.readPlan(plans, planHash);
            }
        };
        List<RunSummary> runs = List.of(summary(2), summary(1));

        JobHistory.TestHistory history = new JobHistory(source).testHistory(runs, door, new Page.Request(0, 10));
        BuildComparison second = BuildComparison.of(BuildOutcomes.read(2, List.of(2L), source),
                BuildOutcomes.read(1, List.of(1L), source), List.of(BuildOutcomes.read(1, List.of(1L), source)));

        assertThat(history.items()).extracting(JobHistory.Outcome::runId, JobHistory.Outcome::status)
                .containsExactly(tuple(2L, "failed"), tuple(1L, null));
        assertThat(second.newFailures()).extracting(BuildComparison.Change::folder).containsExactly("tests/door");
        assertThat(new JobFlakiness(source).score(runs, door).runs()).isEqualTo(1);
    }

    private static RunSummary summary(long id) {
        Instant created = Instant.parse("2026-12-01T08:00:00Z").plusSeconds(id * 600);
        return new RunSummary(id, "rig-" + id, "job/lab/job/nightly/" + id + "/", TestStatus.FAILED, false, 2,
                Map.of(TestStatus.FAILED, 1, TestStatus.PASSED, 1), created, created.plusSeconds(60), null, null, null);
    }
}
