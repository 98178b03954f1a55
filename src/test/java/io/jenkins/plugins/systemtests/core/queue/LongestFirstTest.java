package io.jenkins.plugins.systemtests.core.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LongestFirstTest {
    private static WorkUnit unit(int index, String... keys) {
        List<Integer> positions = new java.util.ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            positions.add(index * 10 + i);
        }
        return new WorkUnit(index, positions, List.of(keys));
    }

    @Test
    void the_longest_unit_goes_out_first_and_equal_ones_keep_plan_order() {
        List<WorkUnit> units = List.of(unit(0, "short"), unit(1, "long"), unit(2, "short2"), unit(3, "a", "b"));

        List<WorkUnit> ordered = LongestFirst.order(units,
                Map.of("short", 1_000L, "long", 60_000L, "short2", 1_000L, "a", 20_000L, "b", 25_000L));

        assertThat(ordered).extracting(WorkUnit::index).containsExactly(1, 3, 0, 2);
    }

    @Test
    void a_test_never_seen_counts_as_the_median_of_the_plans_known_tests() {
        List<WorkUnit> units = List.of(unit(0, "fast"), unit(1, "new"), unit(2, "slow"), unit(3, "mid"));

        long[] estimates = LongestFirst.estimates(units, Map.of("fast", 1_000L, "mid", 5_000L, "slow", 50_000L));

        assertThat(estimates).containsExactly(1_000L, 5_000L, 50_000L, 5_000L);
        assertThat(LongestFirst.order(units, Map.of("fast", 1_000L, "mid", 5_000L, "slow", 50_000L)))
                .extracting(WorkUnit::index).containsExactly(2, 1, 3, 0);
    }

    @Test
    void with_no_history_at_all_the_plan_order_stays() {
        List<WorkUnit> units = List.of(unit(0, "a"), unit(1, "b"), unit(2, "c"));

        assertThat(LongestFirst.order(units, Map.of())).extracting(WorkUnit::index).containsExactly(0, 1, 2);
    }
}
