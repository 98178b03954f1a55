package io.jenkins.plugins.systemtests.core.store;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.systemtests.core.model.EndReason;
import io.jenkins.plugins.systemtests.core.model.RunEvent;
import io.jenkins.plugins.systemtests.core.model.TestRun;
import io.jenkins.plugins.systemtests.core.protocol.DryRun;
import io.jenkins.plugins.systemtests.core.protocol.MessageKind;
import io.jenkins.plugins.systemtests.core.protocol.MessageParser;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.core.support.FaultyDisk;
import io.jenkins.plugins.systemtests.core.support.Plans;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller's disk fills up under the store (through its {@link StoreDisk} seam: no real disk is filled). A
 * write the disk refuses is kept, not lost: the store refuses new work meanwhile, tries again by itself, and once the
 * disk has room writes it, with no partial record left inside any file. Everything acknowledged is there after the
 * store is opened again.
 */
class FullDiskTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    @TempDir
    Path home;

    private final FaultyDisk disk = new FaultyDisk();

    private static DryRun examplePlan() throws Exception {
        return (DryRun) new MessageParser().parse(MessageKind.DRY_RUN, Plans.example("dry-run.json"));
    }

    private static RunEvent.Started started(int test) {
        return new RunEvent.Started(test, LocalDateTime.of(2026, 12, 2, 10, test, 0), NOW);
    }

    private static RunEvent.Stopped stopped(int test, TestStatus status) {
        return new RunEvent.Stopped(test, status, LocalDateTime.of(2026, 12, 2, 10, test, 30), NOW);
    }

    @Test
    void a_write_the_full_disk_refuses_is_kept_and_written_once_there_is_room_and_the_store_goes_on() throws Exception {
        // Never closed: as after a power cut, only what was forced counts, the journal above all.
        RunStore store = RunStore.open(home, RunLocator.STANDALONE, disk);
        RunStore.Created created = store.create(examplePlan(), NOW);
        created.durable().get(10, SECONDS);
        TestRun run = created.run();
        store.append(run, started(0)).get(10, SECONDS);
        long journalBefore = journalBytes();

        disk.fill();
        CompletableFuture<Void> refused = store.append(run, stopped(0, TestStatus.PASSED));
        store.whenUnwritable().get(10, SECONDS);

        assertThat(store.isWritable()).isFalse();
        assertThat(refused).isNotDone();
        assertThat(journalBytes()).as("a short write left part of a record in the journal").isGreaterThan(journalBefore);
        while (disk.refused() < 3) { // the store tries again by itself
            Thread.sleep(50);
        }
        assertThat(refused).isNotDone();

        disk.heal();
        refused.get(10, SECONDS);
        assertThat(store.isWritable()).isTrue();
        store.append(run, started(1)).get(10, SECONDS);

        try (RunStore reopened = RunStore.open(home, RunLocator.STANDALONE)) {
            TestRun after = reopened.run(1).orElseThrow();
            assertThat(after).isEqualTo(run);
            assertThat(after.status(0)).isEqualTo(TestStatus.PASSED);
            assertThat(after.status(1)).isEqualTo(TestStatus.RUNNING);
        }
    }

    @Test
    void a_run_log_the_disk_filled_up_in_the_middle_of_is_cut_back_before_it_is_written_again() throws Exception {
        TestRun acknowledged;
        Path log = home.resolve("runs/0/1/events.log");
        try (RunStore store = RunStore.open(home, RunLocator.STANDALONE, disk)) {
            store.create(examplePlan(), NOW).durable().get(10, SECONDS);
            TestRun run = store.run(1).orElseThrow();
            store.append(run, started(0)).get(10, SECONDS);
            store.append(run, stopped(0, TestStatus.FAILED)).get(10, SECONDS);

            // The run's last event: the journal takes it, then its log's copies fill the disk half-way through.
            disk.fillAfter(1);
            CompletableFuture<Void> ending = store.end(run, EndReason.ABORTED, TestStatus.CANCELLED, NOW);
            store.whenUnwritable().get(10, SECONDS);
            assertThat(Files.readString(log)).as("the log ends in a partial record").doesNotEndWith("\n");
            assertThat(ending).isNotDone();

            disk.heal();
            ending.get(10, SECONDS);
            acknowledged = run;
        }

        assertThat(Files.readString(log)).endsWith("\n");
        long lines = Files.readString(log).lines().count();
        assertThat(RecordFile.readAndRepair(log)).as("every line of the log is a whole record").hasSize((int) lines);
        try (RunStore store = RunStore.open(home, RunLocator.STANDALONE)) {
            assertThat(store.ongoingRuns()).isEmpty();
            TestRun after = store.run(1).orElseThrow();
            assertThat(after).isEqualTo(acknowledged);
            assertThat(after.status(0)).isEqualTo(TestStatus.FAILED);
            assertThat(after.status(3)).isEqualTo(TestStatus.CANCELLED);
            assertThat(store.summary(1).orElseThrow().ongoing()).isFalse();
        }
    }

    @Test
    void a_removal_while_the_disk_is_full_fails_cleanly_and_succeeds_once_there_is_room() throws Exception {
        try (RunStore store = RunStore.open(home, RunLocator.STANDALONE, disk)) {
            store.create(examplePlan(), NOW).durable().get(10, SECONDS);
            TestRun run = store.run(1).orElseThrow();
            store.end(run, EndReason.ABORTED, TestStatus.CANCELLED, NOW).get(10, SECONDS);
            store.create(examplePlan(), NOW).durable().get(10, SECONDS);

            disk.fill();
            CompletableFuture<Void> refused = store.append(store.run(2).orElseThrow(), started(0));
            store.whenUnwritable().get(10, SECONDS);
            assertThatDeleteFails(store);
            assertThat(store.summary(1)).isPresent();

            disk.heal();
            refused.get(10, SECONDS);
            assertThat(store.delete(1)).isTrue();
        }
        try (RunStore store = RunStore.open(home, RunLocator.STANDALONE)) {
            assertThat(store.summary(1)).isEmpty();
            assertThat(store.run(2).orElseThrow().status(0)).isEqualTo(TestStatus.RUNNING);
        }
        assertThat(RecordFile.readAndRepair(home.resolve(RunStore.INDEX))).hasSize(3); // two runs and a tombstone
    }

    private static void assertThatDeleteFails(RunStore store) {
        try {
            store.delete(1);
        } catch (java.io.IOException e) {
            return;
        }
        throw new AssertionError("a removal was reported done while the disk refused writes");
    }

    private long journalBytes() throws Exception {
        try (Stream<Path> segments = Files.list(home.resolve(RunStore.JOURNAL))) {
            long total = 0;
            for (Path segment : segments.toList()) {
                total += Files.size(segment);
            }
            return total;
        }
    }
}
