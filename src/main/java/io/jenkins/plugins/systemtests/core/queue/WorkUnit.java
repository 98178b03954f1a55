package io.jenkins.plugins.systemtests.core.queue;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What one environment runs without a break: one test, or tests that depend on each other (a master scenario, a
 * pytest session), in plan order. A plain class, not a record: Pipeline saves it with the build's program.
 */
public final class WorkUnit implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int index;
    private final ArrayList<Integer> positions;
    private final ArrayList<String> keys;

    /**
     * @param index     the unit's place among the plan's units
     * @param positions the tests' places in the plan, ascending
     * @param keys      the tests' keys ({@code RunResults.key}), one per position, for their past durations
     */
    public WorkUnit(int index, List<Integer> positions, List<String> keys) {
        if (positions.isEmpty() || positions.size() != keys.size()) {
            throw new IllegalArgumentException("a unit has at least one test, and one key per test");
        }
        this.index = index;
        this.positions = new ArrayList<>(positions);
        this.keys = new ArrayList<>(keys);
    }

    public int index() {
        return index;
    }

    public List<Integer> positions() {
        return Collections.unmodifiableList(positions);
    }

    public List<String> keys() {
        return Collections.unmodifiableList(keys);
    }

    /** The place of its first test: ties between units of equal length keep plan order. */
    public int first() {
        return positions.get(0);
    }

    @Override
    public String toString() {
        return "unit " + index + " " + positions;
    }
}
