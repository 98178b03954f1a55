package io.jenkins.plugins.systemtests.core.api;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes the read API's answers for the dashboard's JavaScript tests ({@code src/test/js/dashboard.test.js}). */
class DashboardFixturesTest {
    @TempDir
    Path home;

    @Test
    void write_machines_and_runs_pages() throws Exception {
        Files.createDirectories(PageFixturesTest.FIXTURES);
        try (RunStore store = RunStore.open(home, RunLocator.STANDALONE)) {
            IngestionService service = new IngestionService(store, Clock.systemUTC(), () -> Settings.DEFAULTS,
                    id -> "/runs/" + id);
            ReadApi api = new ReadApi(service.reader());
            Plans.File test = new Plans.File("/lab", "test_a.py");
            List<String> machines = List.of("bench-a", "bench-b <i>", "bench-a");
            for (int i = 0; i < machines.size(); i++) {
                service.receive(MessageKind.DRY_RUN,
                        Plans.dryRun(machines.get(i), List.of(List.of(test)), "2018-12-30 13:0" + i + ":57.461401"));
            }
            service.receive(MessageKind.TEST_START, Plans.start("bench-a", test, Plans.timestamp(1)));
            service.receive(MessageKind.TEST_STOP, Plans.stop("bench-a", test, "failed", Plans.timestamp(2)));
            save(api.get(List.of("machines"), Map.of("size", "100")), "machines.json");
            save(api.get(List.of("runs"), Map.of("sort", "-start")), "runs.json");
            save(api.get(List.of("runs"), Map.of("sort", "machine")), "runs-by-machine.json");
            save(api.get(List.of("runs"), Map.of("outcome", "failed")), "runs-failed.json");
        }
    }

    /** A lab of 1,000 machines, reported in a shuffled order; every 13th last run failed, every 7th still runs. */
    @Test
    void write_the_machines_of_a_lab_of_1000() throws Exception {
        Files.createDirectories(PageFixturesTest.FIXTURES);
        try (RunStore store = RunStore.open(home, RunLocator.STANDALONE)) {
            IngestionService service = new IngestionService(store, Clock.systemUTC(), () -> Settings.DEFAULTS,
                    id -> "/runs/" + id);
            ReadApi api = new ReadApi(service.reader());
            Plans.File test = new Plans.File("/lab", "test_a.py");
            List<Integer> numbers = new java.util.ArrayList<>(java.util.stream.IntStream.rangeClosed(1, 1000).boxed().toList());
            java.util.Collections.shuffle(numbers, new java.util.Random(7));
            for (int n : numbers) {
                String machine = "machine-" + n;
                service.receive(MessageKind.DRY_RUN, Plans.dryRun(machine, List.of(List.of(test))));
                if (n % 7 != 0) {
                    service.receive(MessageKind.TEST_START, Plans.start(machine, test, Plans.timestamp(1)));
                    service.receive(MessageKind.TEST_STOP, Plans.stop(machine, test, n % 13 == 0 ? "failed" : "passed",
                            Plans.timestamp(2)));
                }
            }
            save(api.get(List.of("machines"), Map.of("size", "25")), "machines-1000.json");
            save(api.get(List.of("machines"), Map.of("size", "25", "outcome", "failed")), "machines-1000-failed.json");
        }
    }

    private static void save(ApiResponse answer, String name) throws Exception {
        assertThat(answer.status()).isEqualTo(200);
        Files.write(PageFixturesTest.FIXTURES.resolve(name), Json.MAPPER.writeValueAsBytes(answer.body()));
    }
}
