package io.jenkins.plugins.systemtests.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.systemtests.core.config.Settings;
import io.jenkins.plugins.systemtests.core.ingest.IngestionService;
import io.jenkins.plugins.systemtests.core.json.Json;
import io.jenkins.plugins.systemtests.core.protocol.MessageKind;
import io.jenkins.plugins.systemtests.core.store.RunLocator;
import io.jenkins.plugins.systemtests.core.store.RunStore;
import io.jenkins.plugins.systemtests.core.support.Plans;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live page polls {@code runs/{id}/delta?since=N} and gets only what changed. */
class RunDeltaTest {
    private static final String MACHINE = "bench #9";

    @TempDir
    Path home;

    private RunStore store;
    private IngestionService service;
    private ReadApi api;
    private final List<Plans.File> files = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        store = RunStore.open(home, RunLocator.STANDALONE);
        service = new IngestionService(store, Clock.systemUTC(), () -> Settings.DEFAULTS, id -> "/runs/" + id);
        api = new ReadApi(service.reader());
        List<List<Plans.File>> scenarios = new ArrayList<>();
        for (int s = 0; s < 10; s++) {
            List<Plans.File> scenario = new ArrayList<>();
            for (int t = 0; t < 100; t++) {
                Plans.File file = new Plans.File("/lab/feature_" + s, "test_" + t + ".py");
                scenario.add(file);
                files.add(file);
            }
            scenarios.add(scenario);
        }
        service.receive(MessageKind.DRY_RUN, Plans.dryRun(MACHINE, scenarios));
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    private ApiResponse delta(long since) {
        return api.get(List.of("runs", "1", "delta"), Map.of("since", Long.toString(since)));
    }

    @Test
    void from_version_0_the_page_gets_the_whole_tree_with_its_version() {
        JsonNode tree = Json.MAPPER.valueToTree(delta(0).body());
        assertThat(tree.get("full").booleanValue()).isTrue();
        assertThat(tree.get("version").longValue()).isEqualTo(1);
        assertThat(tree.get("complete").booleanValue()).isFalse();
        assertThat(tree.at("/masterScenario/scenarios")).hasSize(10);
    }

    @Test
    void one_changed_test_in_a_thousand_test_plan_is_a_delta_under_one_kilobyte() throws Exception {
        service.receive(MessageKind.TEST_START, Plans.start(MACHINE, files.get(0), Plans.timestamp(1)));
        long version = Json.MAPPER.valueToTree(delta(0).body()).get("version").longValue();
        service.receive(MessageKind.TEST_STOP, Plans.stop(MACHINE, files.get(0), "passed", Plans.timestamp(2)));

        ApiResponse answer = delta(version);
        byte[] bytes = Json.MAPPER.writeValueAsBytes(answer.body());
        JsonNode changed = Json.MAPPER.readTree(bytes);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(bytes.length).isLessThanOrEqualTo(1024);
        assertThat(changed.get("tests")).hasSize(1);
        assertThat(changed.at("/tests/0/index").intValue()).isZero();
        assertThat(changed.at("/tests/0/status").textValue()).isEqualTo("passed");
        assertThat(changed.at("/tests/0/durationMs").longValue()).isEqualTo(1000);
        assertThat(changed.at("/scenarios/0/status").textValue()).isEqualTo("waiting");
        assertThat(changed.at("/counts/passed").intValue()).isEqualTo(1);
        assertThat(answer.headers()).containsEntry("Cache-Control", "no-store");
    }

    @Test
    void a_running_test_says_since_when_and_tests_expect_the_durations_of_the_last_run_of_the_plan() throws Exception {
        for (int i = 0; i < files.size(); i++) { // the first run of the plan finishes: test i took i ms
            service.receive(MessageKind.TEST_START, Plans.start(MACHINE, files.get(i), "2018-12-30 13:00:00.000000"));
            service.receive(MessageKind.TEST_STOP, Plans.stop(MACHINE, files.get(i), "passed",
                    String.format("2018-12-30 13:00:00.%06d", i * 1000)));
        }
        List<List<Plans.File>> scenarios = new ArrayList<>();
        for (int s = 0; s < 10; s++) {
            scenarios.add(files.subList(s * 100, s * 100 + 100));
        }
        service.receive(MessageKind.DRY_RUN, Plans.dryRun(MACHINE, scenarios));
        service.receive(MessageKind.TEST_START, Plans.start(MACHINE, files.get(0), Plans.timestamp(1)));
        ApiReadsWithHistory second = new ApiReadsWithHistory(service, store);

        JsonNode tree = Json.MAPPER.valueToTree(second.api.get(List.of("runs", "2", "delta"), Map.of()).body());

        assertThat(tree.at("/masterScenario/scenarios/0/tests/0/runningSinceMs").isNumber()).isTrue();
        assertThat(tree.at("/masterScenario/scenarios/0/tests/1/runningSinceMs").isMissingNode()).isTrue();
        assertThat(tree.at("/masterScenario/scenarios/0/tests/7/expectedMs").intValue()).isEqualTo(7);
        assertThat(tree.at("/masterScenario/scenarios/9/tests/99/expectedMs").intValue()).isEqualTo(999);
    }

    /** The read API as the Jenkins layer builds it, with the history that supplies expected durations. */
    private record ApiReadsWithHistory(ReadApi api) {
        ApiReadsWithHistory(IngestionService service, RunStore store) {
            this(new ReadApi(service.reader(), new JobHistory(store)));
        }
    }

    @Test
    void nothing_changed_is_an_empty_204() {
        long version = Json.MAPPER.valueToTree(delta(0).body()).get("version").longValue();
        ApiResponse answer = delta(version);
        assertThat(answer.status()).isEqualTo(204);
        assertThat(answer.body()).isNull();
    }

    @Test
    void a_finished_run_is_immutable_and_revalidated_by_its_etag() {
        service.endRun(1, io.jenkins.plugins.systemtests.core.model.EndReason.ABORTED,
                io.jenkins.plugins.systemtests.core.protocol.TestStatus.CANCELLED);

        ApiResponse finished = delta(0);
        assertThat(Json.MAPPER.valueToTree(finished.body()).get("complete").booleanValue()).isTrue();
        assertThat(finished.headers()).containsEntry("Cache-Control", "private, max-age=31536000, immutable");
        String etag = finished.headers().get("ETag");
        assertThat(etag).startsWith("\"run-1-");

        ApiResponse again = api.get(List.of("runs", "1", "delta"), Map.of("since", "0", ReadApi.IF_NONE_MATCH, etag));
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isNull();
    }

    @Test
    void a_bad_version_is_a_400() {
        ApiResponse answer = api.get(List.of("runs", "1", "delta"), Map.of("since", "-4"));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(api.get(List.of("runs", "42", "delta"), Map.of()).status()).isEqualTo(404);
    }
}
