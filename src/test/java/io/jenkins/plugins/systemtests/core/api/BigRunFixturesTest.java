package io.jenkins.plugins.systemtests.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.systemtests.core.config.Settings;
import io.jenkins.plugins.systemtests.core.ingest.IngestionService;
import io.jenkins.plugins.systemtests.core.json.Json;
import io.jenkins.plugins.systemtests.core.protocol.MessageKind;
import io.jenkins.plugins.systemtests.core.store.RunLocator;
import io.jenkins.plugins.systemtests.core.store.RunStore;
import io.jenkins.plugins.systemtests.core.support.Plans;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes what the real delta endpoint answers for a pytest suite of 10,000 tests (four test folders of 50 modules of
 * 50 tests, as the runner plans them), for the pages' tests at that size ({@code src/test/js/test-list.test.js}):
 * {@code big-tree.json} when 6,000 tests have run (failures in three modules, one test running), and
 * {@code big-delta.json}, the next poll's answer, after 200 more (a first failure in a module that had passed).
 */
class BigRunFixturesTest {
    static final String MACHINE = "rig-10k";
    static final List<String> FOLDERS = List.of("unit", "api", "ui", "slow");
    static final int MODULES = 50;
    static final int TESTS = 50;

    @TempDir
    Path home;

    @Test
    void write_the_answers_for_a_run_of_10000_tests() throws Exception {
        Files.createDirectories(PageFixturesTest.FIXTURES);
        try (RunStore store = RunStore.open(home, RunLocator.STANDALONE)) {
            IngestionService service = new IngestionService(store, Clock.systemUTC(), () -> Settings.DEFAULTS,
                    id -> "/runs/" + id);
            ReadApi api = new ReadApi(service.reader());
            List<Plans.File> tests = plan();
            assertThat(tests).hasSize(10_000);
            service.receive(MessageKind.DRY_RUN, dryRun(tests));
            report(service, tests, 0, 6_000);
            service.receive(MessageKind.TEST_START, Plans.start(MACHINE, tests.get(6_000), Plans.timestamp(12_000)));
            ApiResponse tree = api.get(List.of("runs", "1", "delta"), Map.of("since", "0"));
            write("big-tree.json", tree);
            long version = ((RunViews.Tree) tree.body()).version();

            service.receive(MessageKind.TEST_STOP, Plans.stop(MACHINE, tests.get(6_000), "passed", Plans.timestamp(12_001)));
            report(service, tests, 6_001, 6_200);
            ApiResponse delta = api.get(List.of("runs", "1", "delta"), Map.of("since", Long.toString(version)));
            write("big-delta.json", delta);
            assertThat(((RunViews.Delta) delta.body()).tests()).hasSize(200);
        }
    }

    /** The tests in plan order: folder by folder, module by module; some names long, as parametrized ones are. */
    static List<Plans.File> plan() {
        List<Plans.File> tests = new ArrayList<>();
        for (String folder : FOLDERS) {
            for (int m = 0; m < MODULES; m++) {
                for (int t = 0; t < TESTS; t++) {
                    String name = t % 10 == 9
                            ? "TestRig::test_the_lamp_controller_keeps_its_state_across_a_power_cycle_of_the_rig[setting-"
                                    + t + "-with-a-long-parameter-that-pytest-writes-in-full]"
                            : "test_case[" + t + "]";
                    tests.add(new Plans.File("/ws/tests/" + folder, "test_%s_%02d.py::%s".formatted(folder, m, name)));
                }
            }
        }
        return tests;
    }

    /**
     * How test {@code i} ends: failures in unit module 07, api module 30 and ui module 10 (before test 6,000), and in
     * ui module 23 (after, in the delta: that module's first failure); a warning in each module.
     */
    static String outcome(int i) {
        int module = i / TESTS;
        int t = i % TESTS;
        if (module == 7 && (t == 3 || t == 19 || t == 29)) {
            return "failed";
        }
        if (module == 30 + MODULES && t == 0) {
            return "error";
        }
        if (module == 2 * MODULES + 10 && t == 40) {
            return "failed"; // test 5,540
        }
        if (module == 2 * MODULES + 23 && t == 41) {
            return "failed"; // test 6,191
        }
        return t == 48 ? "warning" : "passed";
    }

    private static void report(IngestionService service, List<Plans.File> tests, int from, int to) {
        for (int i = from; i < to; i++) {
            service.receive(MessageKind.TEST_START, Plans.start(MACHINE, tests.get(i), Plans.timestamp(2 * i)));
            String status = outcome(i);
            service.receive(MessageKind.TEST_STOP, status.equals("passed") || status.equals("warning")
                    ? Plans.stop(MACHINE, tests.get(i), status, Plans.timestamp(2 * i + 1))
                    : Plans.stop(MACHINE, tests.get(i), status, Plans.timestamp(2 * i + 1),
                            "AssertionError: reading " + i + " out of range"));
        }
    }

    /** A DRY RUN as the runner writes one for test folders: the working directory as master, a scenario per folder. */
    private static byte[] dryRun(List<Plans.File> tests) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("machine_name", MACHINE).put("timestamp", "2018-12-30 13:01:57.461401");
        ObjectNode master = root.putObject("master_scenario");
        master.put("file_path", "/ws").put("file_name", "(selected tests)").put("script", "");
        ArrayNode scenarios = master.putArray("scenarios");
        for (String folder : FOLDERS) {
            ObjectNode scenario = scenarios.addObject();
            scenario.put("file_path", "/ws/tests/" + folder).put("file_name", folder + "/").put("script", "");
            ArrayNode list = scenario.putArray("tests");
            tests.stream().filter(test -> test.path().equals("/ws/tests/" + folder))
                    .forEach(test -> list.addObject().put("file_path", test.path()).put("file_name", test.name())
                            .put("script", ""));
        }
        return Plans.bytes(root);
    }

    private static void write(String name, ApiResponse answer) throws Exception {
        assertThat(answer.status()).isEqualTo(200);
        Files.write(PageFixturesTest.FIXTURES.resolve(name), Json.MAPPER.writeValueAsBytes(answer.body()));
    }
}
