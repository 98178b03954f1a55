package io.jenkins.plugins.systemtests.core.queue;

import java.io.Serializable;
import java.util.List;

/**
 * What one environment runs without a break: one test, or tests that depend on each other (a master scenario, a
 * pytest session), in plan order.
 *
 * @param index     the unit's place among the plan's units
 * @param positions the tests' places in the plan, ascending
 * @param keys      the tests' keys ({@code RunResults.key}), one per position, for their past durations
 */
public record WorkUnit(int index, List<Integer> positions, List<String> keys) implements Serializable {
    public WorkUnit {
        positions = List.copyOf(positions);
        keys = List.copyOf(keys);
        if (positions.isEmpty() || positions.size() != keys.size()) {
            throw new IllegalArgumentException("a unit has at least one test, and one key per test");
        }
    }

    /** The place of its first test: ties between units of equal length keep plan order. */
    public int first() {
        return positions.get(0);
    }
}
