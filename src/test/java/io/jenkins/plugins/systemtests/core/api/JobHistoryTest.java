package io.jenkins.plugins.systemtests.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.systemtests.core.api.ApiResponse;
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

class JobHistoryTest {
    private static final Plans.File STABLE = new Plans.File("/lab", "test_stable.py");
    private static final Plans.File FLAKY = new Plans.File("/lab", "test_flaky.py");
    private static final Plans.File NEW = new Plans.File("/lab", "test_new.py");

    @TempDir
    Path home;

    private RunStore store;
    private ReadApi api;

    @BeforeEach
    void fiveBuildsOfOneJobAndOneOfAnother() throws Exception {
        store = RunStore.open(home, RunLocator.STANDALONE);
        IngestionService service = new IngestionService(store, Clock.systemUTC(), () -> Settings.DEFAULTS, id -> "/r/" + id);
        api = new ReadApi(service.reader(), new JobHistory(store));
        String[] flaky = {"passed", "failed", "passed", "error", "passed"};
        for (int build = 1; build <= 5; build++) {
            List<Plans.File> plan = new ArrayList<>(List.of(STABLE, FLAKY));
            if (build >= 4) {
                plan.add(NEW);
            }
            report(service, "job/lab/job/nightly/" + build + "/", plan, flaky[build - 1]);
        }
        report(service, "job/other/1/", List.of(STABLE, FLAKY), "failed");
    }

    private static void report(IngestionService service, String buildUrl, List<Plans.File> plan, String flakyOutcome) {
        String machine = "agent-" + buildUrl.hashCode();
        String body = new String(Plans.dryRun(machine, List.of(plan)), java.nio.charset.StandardCharsets.UTF_8)
                .replaceFirst("\\{", "{\"build_url\": \"" + buildUrl + "\",");
        assertThat(ApiResponse.of(service.receive(MessageKind.DRY_RUN, Plans.utf8(body))).status()).isEqualTo(201);
        int n = 0;
        for (Plans.File file : plan) {
            service.receive(MessageKind.TEST_START, Plans.start(machine, file, Plans.timestamp(n++)));
            service.receive(MessageKind.TEST_STOP, Plans.stop(machine, file, file == FLAKY ? flakyOutcome : "passed",
                    Plans.timestamp(n++)));
        }
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    private JsonNode get(List<String> path, Map<String, String> query) {
        ApiResponse answer = api.get(path, query);
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(200);
        return Json.MAPPER.valueToTree(answer.body());
    }

    @Test
    void the_trend_lists_the_jobs_runs_newest_first_in_windows() {
        JsonNode page = get(List.of("history"), Map.of("job", "lab/nightly", "size", "2"));
        assertThat(page.get("total").intValue()).isEqualTo(5);
        assertThat(page.get("items")).extracting(r -> r.get("buildUrl").textValue())
                .containsExactly("job/lab/job/nightly/5/", "job/lab/job/nightly/4/");
        assertThat(page.at("/items/1/counts/error").intValue()).isEqualTo(1);
    }

    @Test
    void the_trend_gives_each_finished_run_its_summed_test_time_beside_its_wall_time() {
        JsonNode page = get(List.of("history"), Map.of("job", "lab/nightly", "size", "5"));

        assertThat(page.at("/items/0/testTimeMs").longValue()).as("three tests of one second each").isEqualTo(3000);
        assertThat(page.at("/items/4/testTimeMs").longValue()).as("two tests of one second each").isEqualTo(2000);
        assertThat(page.at("/items/0/durationMs").isNumber()).isTrue();
    }

    @Test
    void a_test_that_flips_between_pass_and_fail_is_marked_flaky() {
        JsonNode flaky = get(List.of("history", "test"), Map.of("job", "lab/nightly", "file_path", "/lab",
                "file_name", "test_flaky.py"));
        assertThat(flaky.get("items")).extracting(r -> r.get("status").textValue())
                .containsExactly("passed", "error", "passed", "failed", "passed");
        assertThat(flaky.get("flaky").booleanValue()).isTrue();
        assertThat(flaky.at("/items/0/durationMs").longValue()).isEqualTo(1000);

        JsonNode stable = get(List.of("history", "test"), Map.of("job", "lab/nightly", "file_path", "/lab",
                "file_name", "test_stable.py", "size", "3"));
        assertThat(stable.get("flaky").booleanValue()).isFalse();
        assertThat(stable.get("items")).hasSize(3);
    }

    @Test
    void runs_whose_plan_lacked_the_test_show_no_status() {
        JsonNode added = get(List.of("history", "test"), Map.of("job", "lab/nightly", "file_path", "/lab",
                "file_name", "test_new.py"));
        assertThat(added.get("items")).extracting(r -> r.get("status").isNull() ? "none" : r.get("status").textValue())
                .containsExactly("passed", "passed", "none", "none", "none");
    }

    @Test
    void write_fixtures_for_the_job_page_script() throws Exception {
        java.nio.file.Files.createDirectories(PageFixturesTest.FIXTURES);
        java.nio.file.Files.write(PageFixturesTest.FIXTURES.resolve("history.json"),
                Json.MAPPER.writeValueAsBytes(get(List.of("history"), Map.of("job", "lab/nightly"))));
        java.nio.file.Files.write(PageFixturesTest.FIXTURES.resolve("history-test.json"),
                Json.MAPPER.writeValueAsBytes(get(List.of("history", "test"), Map.of("job", "lab/nightly",
                        "file_path", "/lab", "file_name", "test_flaky.py"))));
    }

    @Test
    void a_missing_job_or_file_is_a_400() {
        assertThat(api.get(List.of("history"), Map.of()).status()).isEqualTo(400);
        assertThat(api.get(List.of("history", "test"), Map.of("job", "lab/nightly")).status()).isEqualTo(400);
        assertThat(JobHistory.flips(List.of(io.jenkins.plugins.systemtests.core.protocol.TestStatus.FAILED,
                io.jenkins.plugins.systemtests.core.protocol.TestStatus.PASSED))).isEqualTo(1);
    }
}
