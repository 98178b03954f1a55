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

/**
 * Writes what the real delta endpoint answers during a run, for the page's JavaScript tests
 * ({@code src/test/js}), which run after the Java tests in {@code mvn verify}: the DOM is checked against JSON from
 * the real code, not a hand-made copy. One test name carries an XSS payload.
 */
class PageFixturesTest {
    static final Path FIXTURES = Path.of(System.getProperty("project.basedir", ".")).resolve("target/js-fixtures");
    private static final String MACHINE = "bench <b onmouseover=alert(1)>#1";
    private static final Plans.File LAMP = new Plans.File("/lab/lamp", "test_lamp.py");
    private static final Plans.File HOSTILE = new Plans.File("/lab/<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>.py");
    private static final Plans.File DOOR = new Plans.File("/lab/door", "test_door.py");

    @TempDir
    Path home;

    @Test
    void write_the_answers_of_a_run_from_start_to_end() throws Exception {
        Files.createDirectories(FIXTURES);
        try (RunStore store = RunStore.open(home, RunLocator.STANDALONE)) {
            IngestionService service = new IngestionService(store, Clock.systemUTC(), () -> Settings.DEFAULTS,
                    id -> "/runs/" + id);
            ReadApi api = new ReadApi(service.reader());
            service.receive(MessageKind.DRY_RUN, Plans.dryRun(MACHINE, List.of(List.of(LAMP, HOSTILE), List.of(DOOR))));
            save(api, "tree.json", 0);

            service.receive(MessageKind.TEST_START, Plans.start(MACHINE, LAMP, Plans.timestamp(1)));
            save(api, "delta-running.json", 1);
            service.receive(MessageKind.TEST_STOP, Plans.stop(MACHINE, LAMP, "passed", Plans.timestamp(2)));
            service.receive(MessageKind.TEST_START, Plans.start(MACHINE, HOSTILE, Plans.timestamp(3)));
            service.receive(MessageKind.TEST_STOP, Plans.stop(MACHINE, HOSTILE, "failed", Plans.timestamp(4),
                    "AssertionError: <b>the door</b> did not lock"));
            service.receive(MessageKind.TEST_START, Plans.start(MACHINE, DOOR, Plans.timestamp(5)));
            service.receive(MessageKind.TEST_STOP, Plans.stop(MACHINE, DOOR, "warning", Plans.timestamp(6)));
            save(api, "delta-complete.json", 2);
            service.saveLog(1, 1, new java.io.ByteArrayInputStream(("<b>not bold</b>\n[... 7 bytes elided by the "
                    + "System Tests runner ...]\nAssertionError\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            Files.write(FIXTURES.resolve("test-1.json"),
                    Json.MAPPER.writeValueAsBytes(api.get(List.of("runs", "1", "tests", "1"), Map.of()).body()));
            Files.write(FIXTURES.resolve("test-1-log.json"),
                    Json.MAPPER.writeValueAsBytes(api.get(List.of("runs", "1", "tests", "1", "log"), Map.of()).body()));

            // The plan again: the page expects the first run's durations (1 s each) and shows the time left.
            ReadApi withHistory = new ReadApi(service.reader(), new JobHistory(store));
            service.receive(MessageKind.DRY_RUN, Plans.dryRun(MACHINE, List.of(List.of(LAMP, HOSTILE), List.of(DOOR))));
            service.receive(MessageKind.TEST_START, Plans.start(MACHINE, LAMP, Plans.timestamp(7)));
            ApiResponse eta = withHistory.get(List.of("runs", "2", "delta"), Map.of("since", "0"));
            Files.write(FIXTURES.resolve("tree-eta.json"), Json.MAPPER.writeValueAsBytes(eta.body()));
        }
        assertThat(FIXTURES.resolve("delta-complete.json")).isRegularFile();
    }

    private static void save(ReadApi api, String name, long since) throws Exception {
        ApiResponse answer = api.get(List.of("runs", "1", "delta"), Map.of("since", Long.toString(since)));
        assertThat(answer.status()).isEqualTo(200);
        Files.write(FIXTURES.resolve(name), Json.MAPPER.writeValueAsBytes(answer.body()));
    }
}
