package io.jenkins.plugins.systemtests.core.ingest;

import static io.jenkins.plugins.systemtests.core.support.Plans.timestamp;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.systemtests.core.api.ApiResponse;
import io.jenkins.plugins.systemtests.core.config.Settings;
import io.jenkins.plugins.systemtests.core.model.TestRun;
import io.jenkins.plugins.systemtests.core.protocol.MessageKind;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.core.store.RunLocator;
import io.jenkins.plugins.systemtests.core.store.RunStore;
import io.jenkins.plugins.systemtests.core.support.FaultyDisk;
import io.jenkins.plugins.systemtests.core.support.Plans;
import io.jenkins.plugins.systemtests.core.support.Plans.File;
import io.jenkins.plugins.systemtests.core.support.Reliability;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports while the controller's disk is full or hangs (a {@link FaultyDisk} under the store, no real disk filled):
 * each is answered 503 {@code STORAGE_UNAVAILABLE} with {@code Retry-After}, a batch within one deadline whatever its
 * size; once the disk goes on, the same reports are taken again without a restart (those the store had already
 * applied are recognised, none twice), and everything acknowledged is there when the store is opened again.
 */
class StorageUnavailableTest {
    private static final String MACHINE = "rig-full";
    private static final File LAMP = new File("/tests", "test_lamp.py");
    private static final File DOOR = new File("/tests", "test_door.py");

    @TempDir
    Path home;

    private final FaultyDisk disk = new FaultyDisk();
    private RunStore store;
    private IngestionService service;

    private void open(Duration answerDeadline) throws Exception {
        store = RunStore.open(home, RunLocator.STANDALONE, disk);
        service = new IngestionService(store, Clock.systemUTC(), () -> Settings.DEFAULTS, id -> "/runs/" + id,
                answerDeadline);
    }

    @AfterEach
    void close() throws Exception {
        disk.heal();
        if (store != null) {
            store.close();
        }
    }

    private ApiResponse send(MessageKind kind, byte[] body) {
        return ApiResponse.of(service.receive(kind, body));
    }

    private ApiResponse sendBatch(byte[]... messages) {
        StringBuilder body = new StringBuilder("[");
        for (byte[] message : messages) {
            body.append(body.length() > 1 ? "," : "").append(new String(message, StandardCharsets.UTF_8));
        }
        try {
            return ApiResponse.ofBatch(service.receiveBatch(body.append(']').toString().getBytes(StandardCharsets.UTF_8)));
        } catch (RejectedException e) {
            return ApiResponse.error(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(ApiResponse answer) {
        return (Map<String, Object>) answer.body();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> results(ApiResponse batch) {
        return (List<Map<String, Object>>) body(batch).get("results");
    }

    private static void assertUnavailable(ApiResponse answer) {
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(503);
        assertThat(body(answer)).containsEntry("errorCode", "STORAGE_UNAVAILABLE");
        assertThat(answer.headers()).containsEntry("Retry-After", "5");
    }

    private void awaitWritable() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!store.isWritable() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(store.isWritable()).as("the store takes writes again by itself").isTrue();
    }

    private TestRun reopenedRun(long id) throws Exception {
        store.close();
        store = RunStore.open(home, RunLocator.STANDALONE);
        return store.run(id).orElseThrow();
    }

    @Test
    void reports_are_answered_503_with_retry_after_while_the_disk_is_full_and_taken_once_it_has_room()
            throws Exception {
        open(IngestionService.ANSWER_DEADLINE);
        ApiResponse created = send(MessageKind.DRY_RUN, Plans.dryRun(MACHINE, List.of(List.of(LAMP, DOOR))));
        long runId = ((Number) body(created).get("runId")).longValue();
        assertThat(send(MessageKind.TEST_START, Plans.start(MACHINE, LAMP, timestamp(1))).status()).isEqualTo(202);

        disk.fill();
        ApiResponse single = send(MessageKind.TEST_STOP, Plans.stop(MACHINE, LAMP, "passed", timestamp(2)));
        ApiResponse batch = sendBatch(Plans.start(MACHINE, DOOR, timestamp(3)),
                Plans.stop(MACHINE, DOOR, "failed", timestamp(4)));
        ApiResponse plan = send(MessageKind.DRY_RUN, Plans.dryRun(MACHINE, List.of(List.of(DOOR))));

        assertUnavailable(single);
        assertUnavailable(batch); // refused whole: nothing of it could be made durable
        assertUnavailable(plan);
        assertThat(body(single).get("message").toString()).contains("retry later");

        disk.heal();
        awaitWritable();
        ApiResponse singleAgain = send(MessageKind.TEST_STOP, Plans.stop(MACHINE, LAMP, "passed", timestamp(2)));
        ApiResponse batchAgain = sendBatch(Plans.start(MACHINE, DOOR, timestamp(3)),
                Plans.stop(MACHINE, DOOR, "failed", timestamp(4)));

        assertThat(singleAgain.status()).isEqualTo(202);
        assertThat(body(singleAgain)).as("the store had kept the STOP and wrote it once the disk had room")
                .containsEntry("duplicate", true);
        assertThat(batchAgain.status()).isEqualTo(200);
        assertThat(results(batchAgain)).extracting(r -> r.get("status")).containsExactly(202, 202);
        assertThat(batchAgain.headers()).doesNotContainKey("Retry-After");
        TestRun run = reopenedRun(runId);
        assertThat(run.status(0)).isEqualTo(TestStatus.PASSED);
        assertThat(run.status(1)).isEqualTo(TestStatus.FAILED);
        assertThat(run.version()).as("the plan and four events, each once").isEqualTo(5);
        assertThat(store.summaries()).hasSize(1);
    }

    @Test
    void a_batch_on_a_hanging_disk_is_answered_within_one_deadline_and_taken_once_the_disk_goes_on()
            throws Exception {
        Duration deadline = Duration.ofSeconds(1);
        open(deadline);
        List<File> files = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            files.add(new File("/tests", "test_" + i + ".py"));
        }
        ApiResponse created = send(MessageKind.DRY_RUN, Plans.dryRun(MACHINE, List.of(files)));
        long runId = ((Number) body(created).get("runId")).longValue();
        List<byte[]> messages = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            messages.add(Plans.start(MACHINE, files.get(i), timestamp(2 * i)));
            messages.add(Plans.stop(MACHINE, files.get(i), "passed", timestamp(2 * i + 1)));
        }

        disk.hang();
        long start = System.nanoTime();
        ApiResponse batch = sendBatch(messages.toArray(byte[][]::new));
        Duration batchTook = Duration.ofNanos(System.nanoTime() - start);
        start = System.nanoTime();
        ApiResponse retried = send(MessageKind.TEST_START, messages.get(0));
        Duration singleTook = Duration.ofNanos(System.nanoTime() - start);

        // 60 messages, one deadline: not 60 of them one after another.
        assertThat(batchTook).isLessThan(deadline.multipliedBy(5));
        assertThat(batch.status()).isEqualTo(200);
        assertThat(results(batch)).hasSize(60).allSatisfy(result -> {
            assertThat(result).containsEntry("status", 503).containsEntry("errorCode", "STORAGE_UNAVAILABLE");
        });
        assertThat(batch.headers()).containsEntry("Retry-After", "5");
        assertThat(singleTook).isLessThan(deadline.multipliedBy(5));
        assertUnavailable(retried); // applied already, but not durable: "duplicate" is never said before it is

        // A write hanging for longer than the store's patience: new reports are refused at once, never queued.
        long patience = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (store.isWritable() && System.nanoTime() < patience) {
            Thread.sleep(50);
        }
        ApiResponse meanwhile = send(MessageKind.DRY_RUN, Plans.dryRun("another rig", List.of(files)));
        assertUnavailable(meanwhile);

        disk.heal();
        awaitWritable();
        ApiResponse batchAgain = sendBatch(messages.toArray(byte[][]::new));
        assertThat(results(batchAgain)).hasSize(60)
                .allSatisfy(result -> assertThat(result).containsEntry("status", 202).containsEntry("duplicate", true));
        TestRun run = reopenedRun(runId);
        assertThat(store.summaries()).as("the plan refused while the disk hung made no run").hasSize(1);
        assertThat(run.counts()).containsEntry(TestStatus.PASSED, 30);
        assertThat(run.version()).as("the plan and 60 events, each once").isEqualTo(61);
        Reliability.report("disk-hang-batch", "messages", messages.size(), "deadlineMs", deadline.toMillis(),
                "answeredInMs", batchTook.toMillis(), "lost", 60 - (run.version() - 1), "duplicatesApplied",
                run.version() - 61);
    }
}
