package io.jenkins.plugins.systemtests.core.ingest;

import static io.jenkins.plugins.systemtests.core.support.Plans.timestamp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.systemtests.core.api.ApiResponse;
import io.jenkins.plugins.systemtests.core.config.Settings;
import io.jenkins.plugins.systemtests.core.json.Json;
import io.jenkins.plugins.systemtests.core.model.TestRun;
import io.jenkins.plugins.systemtests.core.protocol.ErrorCode;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import io.jenkins.plugins.systemtests.core.store.RunLocator;
import io.jenkins.plugins.systemtests.core.store.RunStore;
import io.jenkins.plugins.systemtests.core.support.MutableClock;
import io.jenkins.plugins.systemtests.core.support.Plans;
import io.jenkins.plugins.systemtests.core.support.Plans.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST api/v1/events}: the protocol's messages in one array, each answered in order as if alone. */
class BatchIngestionTest {
    private static final String MACHINE = "rig-b";
    private static final File LAMP = new File("/tests", "test_lamp.py");
    private static final File DOOR = new File("/tests", "test_door.py");

    @TempDir
    Path home;

    private final AtomicReference<Settings> settings = new AtomicReference<>(Settings.DEFAULTS);

    private static byte[] batch(byte[]... messages) {
        StringBuilder body = new StringBuilder("[");
        for (byte[] message : messages) {
            body.append(body.length() > 1 ? "," : "").append(new String(message, StandardCharsets.UTF_8));
        }
        return body.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void each_message_is_applied_in_order_and_answered_as_if_it_came_alone() throws Exception {
        try (RunStore store = RunStore.open(home, RunLocator.STANDALONE)) {
            IngestionService service = new IngestionService(store, new MutableClock(Instant.now()), settings::get,
                    id -> "/runs/" + id);
            byte[] body = batch(Plans.dryRun(MACHINE, List.of(List.of(LAMP, DOOR))),
                    Plans.start(MACHINE, LAMP, timestamp(1)),
                    Plans.stop(MACHINE, LAMP, "passed", timestamp(2)),
                    "{\"machine_name\": \"rig-b\"}".getBytes(StandardCharsets.UTF_8),
                    Plans.start(MACHINE, LAMP, timestamp(1)),
                    Plans.stop(MACHINE, DOOR, "failed", timestamp(3)),
                    Plans.start(MACHINE, DOOR, timestamp(4)),
                    Plans.stop(MACHINE, DOOR, "failed", timestamp(5), "AssertionError: stuck"));

            ApiResponse answer = ApiResponse.ofBatch(service.receiveBatch(body));

            assertThat(answer.status()).isEqualTo(200);
            String json = Json.MAPPER.writeValueAsString(answer.body());
            assertThat(Json.MAPPER.readTree(json).get("results")).extracting(r -> r.get("status").intValue())
                    .containsExactly(201, 202, 202, 400, 202, 409, 202, 202);
            assertThat(json).contains("not a DRY RUN, TEST START or TEST STOP").contains("\"duplicate\":true")
                    .contains("NO_MATCHING_TEST");
            long runId = service.reader().summaries().get(0).id();
            TestRun run = service.reader().read(runId, r -> r).orElseThrow();
            assertThat(run.isOngoing()).isFalse();
            assertThat(run.reason(1)).isEqualTo("AssertionError: stuck");
        }
    }

    @Test
    void a_body_that_is_not_an_array_of_at_most_1000_messages_is_refused_as_a_whole() throws Exception {
        try (RunStore store = RunStore.open(home, RunLocator.STANDALONE)) {
            IngestionService service = new IngestionService(store, new MutableClock(Instant.now()), settings::get,
                    id -> "/runs/" + id);
            byte[][] many = new byte[1001][];
            java.util.Arrays.fill(many, Plans.start(MACHINE, LAMP, timestamp(1)));

            assertThatThrownBy(() -> service.receiveBatch(Plans.dryRun(MACHINE, List.of(List.of(LAMP)))))
                    .isInstanceOf(RejectedException.class).hasMessageContaining("must be a JSON array");
            assertThatThrownBy(() -> service.receiveBatch(batch(many)))
                    .hasMessageContaining("at most 1000 messages, not 1001")
                    .satisfies(e -> assertThat(((RejectedException) e).errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST));
            settings.set(new Settings(false, 60));
            assertThatThrownBy(() -> service.receiveBatch(batch(Plans.start(MACHINE, LAMP, timestamp(1)))))
                    .satisfies(e -> assertThat(((RejectedException) e).errorCode()).isEqualTo(ErrorCode.REPORTING_DISABLED));
            assertThat(service.reader().summaries()).isEmpty();
        }
    }
}
