package io.jenkins.plugins.systemtests.core.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GaveUpWaitsTest {
    private static final Instant QUEUED = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path jobDirectory;

    private static GaveUpWait gaveUp(int minutesLater) {
        return QueuedBuildWait.of(100 + minutesLater, "lab/smoke", "Started by user alice", "7", QUEUED, 1)
                .giveUp("[system-test-env-7] is locked by nightly #41", QUEUED.plusSeconds(60L * (1 + minutesLater)))
                .orElseThrow();
    }

    @Test
    void a_job_without_gave_up_waits_has_no_file_and_an_empty_list() throws Exception {
        GaveUpWaits waits = GaveUpWaits.inJobDirectory(jobDirectory);

        assertThat(waits.isEmpty()).isTrue();
        assertThat(waits.list()).isEmpty();
        assertThat(waits.since(Instant.EPOCH)).isEmpty();
    }

    @Test
    void records_are_kept_in_the_job_directory_newest_first_and_read_back_whole() throws Exception {
        GaveUpWaits waits = GaveUpWaits.inJobDirectory(jobDirectory);
        waits.add(gaveUp(1));
        waits.add(gaveUp(2));

        List<GaveUpWait> read = GaveUpWaits.inJobDirectory(jobDirectory).list();

        assertThat(read).containsExactly(gaveUp(2), gaveUp(1));
        assertThat(Files.exists(jobDirectory.resolve(GaveUpWaits.FILE_NAME))).isTrue();
        assertThat(waits.isEmpty()).isFalse();
    }

    @Test
    void only_the_newest_twenty_are_kept() throws Exception {
        GaveUpWaits waits = GaveUpWaits.inJobDirectory(jobDirectory);
        for (int i = 1; i <= 25; i++) {
            waits.add(gaveUp(i));
        }

        List<GaveUpWait> read = waits.list();

        assertThat(read).hasSize(GaveUpWaits.KEPT);
        assertThat(read.get(0)).isEqualTo(gaveUp(25));
        assertThat(read.get(GaveUpWaits.KEPT - 1)).isEqualTo(gaveUp(6));
    }

    @Test
    void since_keeps_the_records_newer_than_the_moment() throws Exception {
        GaveUpWaits waits = GaveUpWaits.inJobDirectory(jobDirectory);
        waits.add(gaveUp(1));
        waits.add(gaveUp(5));

        assertThat(waits.since(QUEUED.plusSeconds(180))).containsExactly(gaveUp(5));
    }

    @Test
    void an_unreadable_file_is_set_aside_not_overwritten() throws Exception {
        Path file = jobDirectory.resolve(GaveUpWaits.FILE_NAME);
        Files.writeString(file, "{not json", StandardCharsets.UTF_8);
        GaveUpWaits waits = GaveUpWaits.inJobDirectory(jobDirectory);

        assertThat(waits.since(Instant.EPOCH)).isEmpty();
        waits.add(gaveUp(3));

        assertThat(waits.list()).containsExactly(gaveUp(3));
        try (Stream<Path> files = Files.list(jobDirectory)) {
            Path aside = files.filter(p -> p.getFileName().toString().contains(".unreadable-")).findFirst()
                    .orElseThrow();
            assertThat(Files.readString(aside)).isEqualTo("{not json");
        }
    }

    @Test
    void concurrent_adds_lose_nothing_and_readers_never_see_a_half_written_list() throws Exception {
        for (int round = 0; round < 25; round++) {
            Path directory = Files.createDirectory(jobDirectory.resolve("job-" + round));
            GaveUpWaits waits = GaveUpWaits.inJobDirectory(directory);
            waits.add(gaveUp(0));
            AtomicBoolean writing = new AtomicBoolean(true);
            List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> writers = new ArrayList<>();
            for (int w = 1; w <= 4; w++) {
                int writer = w;
                writers.add(new Thread(() -> {
                    try {
                        go.await();
                        for (int i = 1; i <= 4; i++) {
                            GaveUpWaits.inJobDirectory(directory).add(gaveUp(writer * 100 + i));
                        }
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                }));
            }
            Thread reader = new Thread(() -> {
                try {
                    while (writing.get()) {
                        assertThat(waits.list()).isNotEmpty().hasSizeLessThanOrEqualTo(17);
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            });
            reader.start();
            writers.forEach(Thread::start);
            go.countDown();
            for (Thread t : writers) {
                t.join();
            }
            writing.set(false);
            reader.join();

            assertThat(failures).isEmpty();
            List<GaveUpWait> all = waits.list();
            assertThat(all).hasSize(17).doesNotHaveDuplicates().last().isEqualTo(gaveUp(0));
            for (int w = 1; w <= 4; w++) {
                int writer = w;
                assertThat(all.stream().filter(r -> r.queueId() / 100 == writer + 1).map(GaveUpWait::queueId))
                        .as("writer %d's records, newest first", writer)
                        .containsExactly(writer * 100L + 104, writer * 100L + 103, writer * 100L + 102,
                                writer * 100L + 101);
            }
        }
    }
}
