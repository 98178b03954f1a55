package io.jenkins.plugins.systemtests.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.systemtests.core.config.Settings;
import io.jenkins.plugins.systemtests.core.ingest.IngestionService;
import io.jenkins.plugins.systemtests.core.json.Json;
import io.jenkins.plugins.systemtests.core.protocol.MessageKind;
import io.jenkins.plugins.systemtests.core.store.RunLocator;
import io.jenkins.plugins.systemtests.core.store.RunStore;
import io.jenkins.plugins.systemtests.core.support.Plans;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadApiTest {
    @TempDir
    Path home;

    private RunStore store;
    private IngestionService service;
    private ReadApi api;

    @BeforeEach
    void open() throws Exception {
        store = RunStore.open(home, RunLocator.STANDALONE);
        service = new IngestionService(store, Clock.systemUTC(), () -> Settings.DEFAULTS, id -> "/runs/" + id);
        api = new ReadApi(service.reader());
        service.receive(MessageKind.DRY_RUN, Plans.example("dry-run.json"));
        service.receive(MessageKind.TEST_START, Plans.example("test-start.json"));
        service.receive(MessageKind.TEST_STOP, Plans.example("test-stop.json"));
        for (int i = 0; i < 3; i++) {
            service.receive(MessageKind.DRY_RUN, Plans.dryRun("lab-" + i, List.of(List.of(new Plans.File("/t", "a.py")))));
        }
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    private JsonNode get(int status, String... path) {
        return get(status, Map.of(), path);
    }

    private JsonNode get(int status, Map<String, String> query, String... path) {
        ApiResponse answer = api.get(List.of(path), query);
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(status);
        return Json.MAPPER.valueToTree(answer.body());
    }

    @Test
    void a_run_is_written_in_the_documented_shape_with_its_fields_in_order() {
        JsonNode tree = get(200, "runs", "1");
        assertThat(fieldNames(tree)).containsExactly("id", "machine", "buildUrl", "status", "ongoing", "testCount",
                "counts", "createdAt", "lastActivity", "endReason", "outcome", "environment", "startedBy", "durationMs", "flaky",
                "version", "planTimestamp", "masterScenario");
        JsonNode scenario = tree.at("/masterScenario/scenarios/0");
        assertThat(fieldNames(scenario)).containsExactly("filePath", "fileName", "index", "status", "tests");
        JsonNode started = scenario.at("/tests/0");
        JsonNode waiting = scenario.at("/tests/1");
        assertThat(fieldNames(started)).containsExactly("filePath", "fileName", "index", "scenario", "status", "start",
                "stop", "durationMs");
        assertThat(waiting.has("start")).as("a waiting test says it has no start").isTrue();
        assertThat(waiting.get("start").isNull()).isTrue();
        assertThat(fieldNames(get(200, "runs", "1", "delta"))).endsWith("masterScenario", "complete", "full");
        assertThat(fieldNames(get(200, "runs", "1", "tests", "0"))).endsWith("durationMs", "script", "scriptTruncated",
                "runId");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void machines_are_listed_by_name_in_pages_with_their_last_run() {
        JsonNode page = get(200, Map.of("page", "0", "size", "2"), "machines");
        assertThat(page.get("total").intValue()).isEqualTo(4);
        assertThat(page.get("items")).extracting(n -> n.get("name").textValue()).containsExactly("lab-0", "lab-1");
        JsonNode last = get(200, Map.of("page", "1", "size", "2"), "machines").get("items").get(1);
        assertThat(last.get("name").textValue()).isEqualTo("machine #1");
        assertThat(last.at("/lastRun/counts/passed").intValue()).isEqualTo(1);
        assertThat(last.at("/lastRun/counts/waiting").intValue()).isEqualTo(3);
    }

    @Test
    void machines_are_found_by_a_part_of_their_name_in_any_case() {
        JsonNode page = get(200, Map.of("q", " LAB-", "size", "2"), "machines");
        assertThat(page.get("total").intValue()).isEqualTo(3);
        assertThat(page.get("items")).extracting(n -> n.get("name").textValue()).containsExactly("lab-0", "lab-1");
        assertThat(get(200, Map.of("q", "nothing like it"), "machines").get("items")).isEmpty();
    }

    @Test
    void machines_are_listed_in_the_natural_order_of_their_names() {
        for (String machine : List.of("lab-10", "lab-2", "lab-100")) {
            service.receive(MessageKind.DRY_RUN, Plans.dryRun(machine, List.of(List.of(new Plans.File("/t", "a.py")))));
        }
        JsonNode page = get(200, Map.of("q", "lab-"), "machines");
        assertThat(page.get("items")).extracting(n -> n.get("name").textValue())
                .containsExactly("lab-0", "lab-1", "lab-2", "lab-10", "lab-100");
    }

    @Test
    void machines_are_found_by_the_state_the_dashboard_shows_running_silent_or_their_last_outcome() {
        Plans.File test = new Plans.File("/t", "a.py");
        service.receive(MessageKind.TEST_START, Plans.start("lab-1", test, Plans.timestamp(1)));
        service.receive(MessageKind.TEST_STOP, Plans.stop("lab-1", test, "failed", Plans.timestamp(2)));
        service.receive(MessageKind.TEST_START, Plans.start("lab-2", test, Plans.timestamp(3)));
        java.util.function.BiFunction<ReadApi, String, List<String>> names = (reader, outcome) -> {
            JsonNode page = Json.MAPPER.valueToTree(reader.get(List.of("machines"), Map.of("outcome", outcome)).body());
            List<String> found = new java.util.ArrayList<>();
            page.get("items").forEach(n -> found.add(n.get("name").textValue()));
            return found;
        };

        assertThat(names.apply(api, "failed")).containsExactly("lab-1");
        assertThat(names.apply(api, "running")).containsExactly("lab-0", "lab-2", "machine #1");
        assertThat(names.apply(api, "silent")).isEmpty();
        ReadApi aMinuteLater = new ReadApi(service.reader(), null,
                Clock.offset(Clock.systemUTC(), ReadApi.SILENT_AFTER.plusSeconds(1)));
        assertThat(names.apply(aMinuteLater, "silent")).containsExactly("lab-0", "lab-2", "machine #1");
        assertThat(names.apply(aMinuteLater, "running")).isEmpty();
        assertThat(names.apply(api, "success")).isEmpty();
        JsonNode wrong = get(400, Map.of("outcome", "green"), "machines");
        assertThat(wrong.get("message").textValue())
                .isEqualTo("outcome: 'green' is not one of running, silent, success, failed, unstable, cancelled, unknown");
    }

    @Test
    void a_finished_run_with_failed_tests_in_an_unstable_build_is_worded_unstable_as_jenkins_shows_the_build() {
        RunViews.Summary failed = summary("job/door/3/", false, "failed");
        RunViews.Summary unstable = failed.inBuild(url -> java.util.Optional.of("unstable"));
        assertThat(unstable.outcome()).isEqualTo("unstable");
        assertThat(unstable.buildResult()).isEqualTo("unstable");
        assertThat(failed.inBuild(url -> java.util.Optional.of("failure")).outcome()).isEqualTo("failed");
        assertThat(summary("job/door/3/", false, "success").inBuild(url -> java.util.Optional.of("failure")).outcome())
                .as("a run that passed stays a success in a build that failed later").isEqualTo("success");
        assertThat(failed.inBuild(BuildResults.NONE)).as("a build without a result yet").isSameAs(failed);
        RunViews.Summary running = summary("job/door/3/", true, "running");
        assertThat(running.inBuild(url -> java.util.Optional.of("unstable"))).isSameAs(running);
        RunViews.Summary standalone = summary(null, false, "failed");
        assertThat(standalone.inBuild(url -> java.util.Optional.of("unstable"))).isSameAs(standalone);
        assertThat(Json.MAPPER.valueToTree(failed).has("buildResult")).as("left out when unknown").isFalse();
    }

    private static RunViews.Summary summary(String buildUrl, boolean ongoing, String outcome) {
        return new RunViews.Summary(7, "lab-1", buildUrl, ongoing ? "running" : "failed", ongoing, 2,
                Map.of("failed", 1, "passed", 1), "2026-11-26T10:00:00Z", "2026-11-26T10:01:00Z", null, outcome, null,
                null, 60_000, null, 0);
    }

    @Test
    void the_last_run_of_a_machine_is_the_whole_tree() {
        JsonNode tree = get(200, "machines", "machine #1", "last");
        assertThat(tree.get("status").textValue()).isEqualTo("waiting");
        assertThat(tree.at("/masterScenario/fileName").textValue()).isEqualTo("scenario_master.py");
        assertThat(tree.at("/masterScenario/scenarios/0/status").textValue()).isEqualTo("waiting");
        JsonNode first = tree.at("/masterScenario/scenarios/0/tests/0");
        assertThat(first.get("status").textValue()).isEqualTo("passed");
        assertThat(first.get("start").textValue()).isEqualTo("2018-12-30 13:01:57.573828");
        assertThat(first.get("durationMs").longValue()).isEqualTo(2048);
        assertThat(tree.at("/masterScenario/scenarios/1/tests/1/fileName").textValue()).isEqualTo("01_02_test_door.py");
    }

    @Test
    void a_skipped_test_is_served_with_its_status_and_reason_and_counted_in_display_order() {
        Plans.File door = new Plans.File("/t", "test_door.py::test_lock");
        Plans.File lamp = new Plans.File("/t", "test_door.py::test_lamp");
        service.receive(MessageKind.DRY_RUN, Plans.dryRun("lab-9", List.of(List.of(door, lamp))));
        service.receive(MessageKind.TEST_START, Plans.start("lab-9", door, Plans.timestamp(1)));
        service.receive(MessageKind.TEST_STOP, Plans.stop("lab-9", door, "skipped", Plans.timestamp(2), "xfail: bug 12"));
        service.receive(MessageKind.TEST_START, Plans.start("lab-9", lamp, Plans.timestamp(3)));
        service.receive(MessageKind.TEST_STOP, Plans.stop("lab-9", lamp, "passed", Plans.timestamp(4)));

        JsonNode run = get(200, "machines", "lab-9", "last");
        assertThat(run.at("/masterScenario/scenarios/0/tests/0/status").textValue()).isEqualTo("skipped");
        assertThat(run.at("/masterScenario/scenarios/0/tests/0/reason").textValue()).isEqualTo("xfail: bug 12");
        assertThat(run.get("status").textValue()).isEqualTo("passed");
        assertThat(fieldNames(run.get("counts"))).containsExactly("passed", "warning", "skipped", "failed", "error",
                "cancelled", "unknown", "running", "waiting");
        assertThat(run.at("/counts/skipped").intValue()).isEqualTo(1);
        JsonNode listed = get(200, "machines", "lab-9", "runs").at("/items/0");
        assertThat(listed.get("outcome").textValue()).isEqualTo("success");
        assertThat(listed.at("/counts/skipped").intValue()).isEqualTo(1);
    }

    @Test
    void a_test_is_served_with_its_script_text() {
        JsonNode test = get(200, "runs", "1", "tests", "1");
        assertThat(test.get("script").textValue()).contains("RUN_DATA.last_status = 'warning'");
        assertThat(test.get("scriptTruncated").booleanValue()).isFalse();
        assertThat(get(200, "machines", "lab-2", "runs").at("/items/0/id").longValue()).isEqualTo(4);
    }

    @Test
    void a_kept_test_log_is_served_and_says_when_the_runner_cut_it() throws Exception {
        service.saveLog(1, 0, new java.io.ByteArrayInputStream(
                "head\n[... 42 bytes elided by the System Tests runner ...]\ntail\n".getBytes()));

        JsonNode log = get(200, "runs", "1", "tests", "0", "log");
        assertThat(log.get("log").textValue()).startsWith("head\n");
        assertThat(log.get("elided").booleanValue()).isTrue();
        assertThat(log.get("kept").booleanValue()).isTrue();
        JsonNode none = get(200, "runs", "1", "tests", "1", "log");
        assertThat(none.get("kept").booleanValue()).isFalse();
        assertThat(none.get("log").textValue()).isEmpty();
        assertThat(get(404, "runs", "1", "tests", "99", "log").get("message").textValue())
                .isEqualTo("Run 1 has no test 99");
    }

    @Test
    void runs_a_reader_may_not_see_are_answered_as_if_they_did_not_exist() {
        java.util.function.Predicate<io.jenkins.plugins.systemtests.core.model.RunSummary> notLab1 =
                summary -> !summary.machineName().equals("lab-1");

        JsonNode machines = Json.MAPPER.valueToTree(api.get(List.of("machines"), Map.of(), notLab1).body());
        assertThat(machines.get("items")).extracting(n -> n.get("name").textValue()).doesNotContain("lab-1");
        assertThat(api.get(List.of("runs", "3"), Map.of(), notLab1).status()).isEqualTo(404);
        assertThat(api.get(List.of("machines", "lab-1", "last"), Map.of(), notLab1).status()).isEqualTo(404);
        assertThat(api.get(List.of("machines", "lab-1", "runs"), Map.of(), notLab1).status()).isEqualTo(404);
        assertThat(api.get(List.of("runs", "3"), Map.of()).status()).isEqualTo(200);
    }

    @Test
    void unknown_things_and_bad_windows_are_clear_4xx_answers() {
        assertThat(get(404, "machines", "nobody", "last").get("errorCode").textValue()).isEqualTo("UNKNOWN_MACHINE");
        assertThat(get(404, "runs", "99").get("message").textValue()).isEqualTo("There is no run 99");
        assertThat(get(404, "runs", "1", "tests", "4").get("errorCode").textValue()).isEqualTo("NOT_FOUND");
        assertThat(get(404, "runs", "-1").get("errorCode").textValue()).isEqualTo("NOT_FOUND");
        assertThat(get(404, "runs", "1", "nonsense").get("errorCode").textValue()).isEqualTo("NOT_FOUND");
        assertThat(get(400, Map.of("size", "101"), "machines").get("message").textValue())
                .isEqualTo("size: must be from 1 to 100");
        assertThat(get(400, Map.of("page", "x"), "machines").get("errorCode").textValue()).isEqualTo("INVALID_REQUEST");
    }
}
