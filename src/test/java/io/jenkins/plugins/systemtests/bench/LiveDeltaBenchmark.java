package io.jenkins.plugins.systemtests.bench;

import io.jenkins.plugins.systemtests.core.api.ReadApi;
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

/**
 * Bytes a live page receives when one test changes in a 1,000-test plan, against re-sending the whole plan on every
 * change (what the system this replaces did). Printed, never asserted: {@code mvn -Pbench verify}.
 */
class LiveDeltaBenchmark {
    @Test
    void one_change_against_the_whole_tree() throws Exception {
        Path home = Files.createTempDirectory("delta-bench");
        try (RunStore store = RunStore.open(home, RunLocator.STANDALONE)) {
            IngestionService service = new IngestionService(store, Clock.systemUTC(), () -> Settings.DEFAULTS,
                    id -> "/runs/" + id);
            ReadApi api = new ReadApi(service.reader());
            List<Plans.File> files = new ArrayList<>();
            List<List<Plans.File>> scenarios = new ArrayList<>();
            for (int s = 0; s < 10; s++) {
                List<Plans.File> scenario = new ArrayList<>();
                for (int t = 0; t < 100; t++) {
                    Plans.File file = new Plans.File("/virtual_testing_machine/src/test_cases/feature_" + s,
                            String.format("%02d_%03d_test_feature.py", s, t));
                    scenario.add(file);
                    files.add(file);
                }
                scenarios.add(scenario);
            }
            service.receive(MessageKind.DRY_RUN, Plans.dryRun("bench", scenarios));
            service.receive(MessageKind.TEST_START, Plans.start("bench", files.get(500), Plans.timestamp(1)));
            long version = ((Number) ((Map<?, ?>) api.get(List.of("runs", "1", "delta"), Map.of()).body()).get("version"))
                    .longValue();
            service.receive(MessageKind.TEST_STOP, Plans.stop("bench", files.get(500), "passed", Plans.timestamp(2)));

            int full = Json.MAPPER.writeValueAsBytes(api.get(List.of("runs", "1", "delta"), Map.of()).body()).length;
            int delta = Json.MAPPER.writeValueAsBytes(api.get(List.of("runs", "1", "delta"),
                    Map.of("since", Long.toString(version))).body()).length;
            int unchanged = api.get(List.of("runs", "1", "delta"), Map.of("since", Long.toString(version + 1))).status();

            System.out.printf("%n%-56s %10s %-6s %s%n", "live update, 1,000-test plan, one test changed", "figure", "unit",
                    "ratio to the whole tree");
            System.out.printf("%-56s %,10d %-6s %s%n", "whole tree on every change (baseline)", full, "bytes", "1.00");
            System.out.printf("%-56s %,10d %-6s %.4f%n", "delta since the page's version", delta, "bytes",
                    (double) delta / full);
            System.out.printf("%-56s %10s %-6s%n", "nothing changed", unchanged == 204 ? "0" : "?", "bytes (204)");
            System.out.println("(target: one changed test <= 1 KB)");
            System.out.println();
        }
    }
}
