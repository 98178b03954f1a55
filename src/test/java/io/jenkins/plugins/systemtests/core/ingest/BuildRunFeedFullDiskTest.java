package io.jenkins.plugins.systemtests.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.systemtests.core.config.Settings;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.core.runner.BuildRunFeed;
import io.jenkins.plugins.systemtests.core.store.RunLocator;
import io.jenkins.plugins.systemtests.core.store.RunStore;
import io.jenkins.plugins.systemtests.core.support.FaultyDisk;
import io.jenkins.plugins.systemtests.core.support.Plans;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build's own runner while the controller's disk is full: its events wait in the runner's events file (not in the
 * HTTP spool of a machine), so the feed must stop at the first event the store refuses and offer it again, never step
 * past it. Once the disk recovers, the run holds every event exactly once.
 */
class BuildRunFeedFullDiskTest {
    private static final String MACHINE = "agent-full";
    private static final Plans.File LAMP = new Plans.File("/lab", "test_lamp.py");
    private static final Plans.File DOOR = new Plans.File("/lab", "test_door.py");

    @TempDir
    Path home;

    @Test
    void events_refused_for_a_full_disk_are_offered_again_and_none_is_lost() throws Exception {
        byte[] events = eventsFile(
                line("dry-run", Plans.dryRun(MACHINE, List.of(List.of(LAMP, DOOR)))),
                line("test-start", Plans.start(MACHINE, LAMP, Plans.timestamp(1))),
                line("test-stop", Plans.stop(MACHINE, LAMP, "passed", Plans.timestamp(2))),
                line("test-start", Plans.start(MACHINE, DOOR, Plans.timestamp(3))),
                line("test-stop", Plans.stop(MACHINE, DOOR, "failed", Plans.timestamp(4), "AssertionError: open")));
        FaultyDisk disk = new FaultyDisk();
        try (RunStore store = RunStore.open(home, RunLocator.STANDALONE, disk)) {
            IngestionService service = new IngestionService(store, Clock.systemUTC(), () -> Settings.DEFAULTS,
                    id -> "/runs/" + id, Duration.ofSeconds(1));
            int planAndFirstTest = lengthOfLines(events, 3);
            BuildRunFeed feed = new BuildRunFeed(service);
            feed.accept(events, planAndFirstTest);
            assertThat(feed.storeBehind()).isFalse();
            assertThat(feed.offset()).isEqualTo(planAndFirstTest);
            long runId = feed.runId().orElseThrow();

            disk.fill();
            BuildRunFeed whileFull = new BuildRunFeed(service, runId, feed.offset());
            whileFull.accept(slice(events, planAndFirstTest), events.length - planAndFirstTest);
            assertThat(whileFull.storeBehind()).as("the store refused the next event").isTrue();
            assertThat(whileFull.offset()).as("the refused event is offered again").isEqualTo(planAndFirstTest);
            assertThat(whileFull.refusals()).as("a full disk is no refusal of the event").isEmpty();

            disk.heal();
            // As the step polls: the store writes again once its kept batch went through (retried every second).
            BuildRunFeed healed = whileFull;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (healed.storeBehind() && System.nanoTime() < deadline) {
                Thread.sleep(250);
                long from = healed.offset();
                healed = new BuildRunFeed(service, runId, from);
                healed.accept(slice(events, from), events.length - (int) from);
                assertThat(healed.refusals()).isEmpty();
            }
            assertThat(healed.storeBehind()).as("the store takes events again").isFalse();
            assertThat(healed.offset()).isEqualTo(events.length);

            RunSummary run = service.reader().summary(runId).orElseThrow();
            assertThat(run.counts()).containsEntry(TestStatus.PASSED, 1).containsEntry(TestStatus.FAILED, 1);
        }
    }

    private static byte[] line(String kind, byte[] message) {
        return ("{\"kind\":\"" + kind + "\",\"message\":" + new String(message, StandardCharsets.UTF_8) + "}\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] eventsFile(byte[]... lines) {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        for (byte[] line : lines) {
            file.writeBytes(line);
        }
        return file.toByteArray();
    }

    private static int lengthOfLines(byte[] file, int lines) {
        for (int i = 0, seen = 0; i < file.length; i++) {
            if (file[i] == '\n' && ++seen == lines) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("fewer lines");
    }

    private static byte[] slice(byte[] file, long from) {
        return java.util.Arrays.copyOfRange(file, (int) from, file.length);
    }
}
