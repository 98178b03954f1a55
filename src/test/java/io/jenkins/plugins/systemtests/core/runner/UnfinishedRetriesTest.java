package io.jenkins.plugins.systemtests.core.runner;

import static io.jenkins.plugins.systemtests.core.support.Plans.timestamp;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.systemtests.core.config.Settings;
import io.jenkins.plugins.systemtests.core.ingest.IngestionService;
import io.jenkins.plugins.systemtests.core.json.Json;
import io.jenkins.plugins.systemtests.core.model.TestRun;
import io.jenkins.plugins.systemtests.core.protocol.MessageKind;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.core.store.RunLocator;
import io.jenkins.plugins.systemtests.core.store.RunStore;
import io.jenkins.plugins.systemtests.core.support.MutableClock;
import io.jenkins.plugins.systemtests.core.support.Plans;
import io.jenkins.plugins.systemtests.core.support.Plans.File;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A runner that died between a failed attempt and its retry: the controller ends the test with its reason. */
class UnfinishedRetriesTest {
    private static final String MACHINE = "bench #9";
    private static final File LAMP = new File("/tests/lamp", "test_lamp.py");

    @TempDir
    Path home;

    @Test
    void a_test_awaiting_its_retry_when_the_runner_is_gone_ends_error_with_the_reason_and_keeps_its_attempt()
            throws Exception {
        try (RunStore store = RunStore.open(home, RunLocator.STANDALONE)) {
            IngestionService service = new IngestionService(store, new MutableClock(Instant.parse("2026-12-02T09:00:00Z")),
                    () -> Settings.DEFAULTS, id -> "http://jenkins/runs/" + id);
            service.receive(MessageKind.DRY_RUN, Plans.dryRun(MACHINE, List.of(List.of(LAMP))));
            long id = service.reader().summaries().get(0).id();
            service.receive(MessageKind.TEST_START, Plans.start(MACHINE, LAMP, timestamp(1)));
            ObjectNode stop = (ObjectNode) Json.MAPPER.readTree(Plans.stop(MACHINE, LAMP, "error", timestamp(2),
                    "TimeoutError"));
            service.receive(MessageKind.TEST_STOP, Plans.bytes(stop.put("retry", true)));

            assertThat(UnfinishedTests.endAsError(service, id, "the machine restarted")).isEqualTo(1);

            TestRun run = service.reader().read(id, r -> r).orElseThrow();
            assertThat(run.isOngoing()).isFalse();
            assertThat(run.status(0)).isEqualTo(TestStatus.ERROR);
            assertThat(run.reason(0)).isEqualTo("not run: the machine restarted");
            assertThat(run.attempts(0)).singleElement().extracting(a -> a.reason()).isEqualTo("TimeoutError");
        }
    }
}
