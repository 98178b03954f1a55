package io.jenkins.plugins.systemtests.core.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SharedQueueTest {
    /** Units 0..3 of one test each; the queue hands them out as 2, 0, 3, 1 (longest first). */
    private static SharedQueue queue() {
        List<WorkUnit> units = List.of(new WorkUnit(0, List.of(0), List.of("a")), new WorkUnit(1, List.of(1), List.of("b")),
                new WorkUnit(2, List.of(2, 3), List.of("c", "d")), new WorkUnit(3, List.of(4), List.of("e")));
        return new SharedQueue(List.of(units.get(2), units.get(0), units.get(3), units.get(1)), List.of("1", "2"));
    }

    @Test
    void each_share_pulls_the_next_unit_in_queue_order_until_none_is_left() {
        SharedQueue queue = queue();

        assertThat(queue.next("1", 10).orElseThrow().unit()).isEqualTo(2);
        assertThat(queue.next("2", 11).orElseThrow().unit()).isEqualTo(0);
        assertThat(queue.next("1", 12).orElseThrow().unit()).isEqualTo(3);
        assertThat(queue.next("2", 13).orElseThrow().unit()).isEqualTo(1);
        assertThat(queue.next("1", 14)).isEmpty();
        assertThat(queue.outstanding("1")).extracting(SharedQueue.Assignment::seq).containsExactly(1, 2);
        assertThat(queue.drained()).isFalse();

        queue.finished("1", 1, 20);
        queue.finished("1", 2, 21);
        queue.finished("2", 1, 22);
        assertThat(queue.drained()).isFalse();
        queue.finished("2", 2, 23);

        assertThat(queue.drained()).isTrue();
        assertThat(queue.placements()).isEqualTo(Map.of(2, "1", 3, "1", 4, "1", 0, "2", 1, "2"));
    }

    @Test
    void a_lost_shares_unfinished_units_go_back_at_their_place_and_another_share_runs_them() {
        SharedQueue queue = queue();
        queue.next("1", 1); // unit 2
        queue.next("2", 2); // unit 0
        queue.next("2", 3); // unit 3 (prefetched)
        queue.finished("2", 1, 4);

        queue.giveBack("2", 2); // share 2 is lost with unit 3 not run

        assertThat(queue.pendingCount()).isEqualTo(2);
        assertThat(queue.next("1", 5).orElseThrow().unit()).as("back before unit 1, as longest first had it")
                .isEqualTo(3);
        assertThat(queue.next("1", 6).orElseThrow().unit()).isEqualTo(1);
        assertThat(queue.outstanding("2")).isEmpty();
        assertThat(queue.placements()).containsEntry(4, "1").containsEntry(0, "2");
    }

    @Test
    void a_retry_goes_first_to_another_share_than_the_one_it_failed_on_while_another_runs() {
        SharedQueue queue = queue();
        queue.next("1", true, 1); // unit 2: positions 2 and 3
        queue.next("2", true, 2); // unit 0: position 0
        queue.finished("1", 1, 3);

        WorkUnit retry = queue.retry("1", 3, 1); // position 3 failed on share 1

        assertThat(retry.isRetry()).isTrue();
        assertThat(retry.positions()).containsExactly(3);
        assertThat(retry.keys()).containsExactly("d");
        assertThat(retry.earlierAttempts()).isEqualTo(1);
        assertThat(queue.next("1", true, 4).orElseThrow().unit()).as("share 1 takes the next unit of the plan")
                .isEqualTo(3);
        assertThat(queue.next("2", true, 5).orElseThrow().unit()).as("share 2 takes the retry, ahead of unit 1")
                .isEqualTo(retry.index());
        assertThat(queue.attemptPlacements()).containsEntry(3, List.of("1", "2"));
        assertThat(queue.placements()).as("where its last attempt runs").containsEntry(3, "2");
    }

    @Test
    void the_share_a_test_failed_on_retries_it_when_no_other_runs_and_a_lost_retry_comes_back_first() {
        SharedQueue queue = queue();
        queue.next("1", true, 1); // unit 2
        queue.finished("1", 1, 2);
        WorkUnit retry = queue.retry("1", 2, 1);

        assertThat(queue.next("1", true, 3).orElseThrow().unit()).as("skipped while share 2 runs").isEqualTo(0);
        assertThat(queue.next("1", false, 4).orElseThrow().unit()).as("taken once share 1 is the last")
                .isEqualTo(retry.index());
        queue.giveBack("1", 3); // share 1 lost before the attempt started

        assertThat(queue.next("2", false, 5).orElseThrow().unit()).as("back first in line").isEqualTo(retry.index());
        assertThat(queue.attemptPlacements()).containsEntry(2, List.of("1", "2"));
    }

    @Test
    void a_retry_of_a_test_not_in_the_plan_or_after_no_attempt_is_refused() {
        SharedQueue queue = queue();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> queue.retry("1", 9, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no test at position 9");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> queue.retry("1", 2, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one attempt");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> queue.retry("3", 2, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no share 3");
    }

    @Test
    void the_queue_survives_a_restart_as_it_was(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        SharedQueue queue = queue();
        queue.next("1", 1);
        queue.next("2", 2);
        queue.finished("2", 1, 3);
        queue.retry("2", 0, 1);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(queue);
        }
        SharedQueue again;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            again = (SharedQueue) in.readObject();
        }

        assertThat(again.outstanding("1")).extracting(SharedQueue.Assignment::unit).containsExactly(2);
        assertThat(again.outstanding("2")).isEmpty();
        assertThat(again.next("2", true, 4).orElseThrow().unit()).as("the retry is left for share 1").isEqualTo(3);
        assertThat(again.next("1", true, 5).orElseThrow().unit()).as("the retry, kept with its share").isEqualTo(4);
        assertThat(again.unit(4).earlierAttempts()).isEqualTo(1);
        assertThat(again.pendingCount()).isEqualTo(1);
    }
}
