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
    void the_queue_survives_a_restart_as_it_was(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        SharedQueue queue = queue();
        queue.next("1", 1);
        queue.next("2", 2);
        queue.finished("2", 1, 3);

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
        assertThat(again.next("2", 4).orElseThrow().unit()).isEqualTo(3);
        assertThat(again.pendingCount()).isEqualTo(1);
    }
}
