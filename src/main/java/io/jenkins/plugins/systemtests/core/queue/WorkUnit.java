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
    /** For a test's next attempt after a failed one: how many attempts of it ran before; 0 for a unit of the plan. */
    private final int earlierAttempts;

    /**
     * @param index     the unit's place among the plan's units
     * @param positions the tests' places in the plan, ascending
     * @param keys      the tests' keys ({@code TestId.key}, as the job's history names them), one per position, for
     *                  their past durations
     */
    public WorkUnit(int index, List<Integer> positions, List<String> keys) {
        this(index, positions, keys, 0);
    }

    private WorkUnit(int index, List<Integer> positions, List<String> keys, int earlierAttempts) {
        if (positions.isEmpty() || positions.size() != keys.size()) {
            throw new IllegalArgumentException("a unit has at least one test, and one key per test");
        }
        this.index = index;
        this.positions = new ArrayList<>(positions);
        this.keys = new ArrayList<>(keys);
        this.earlierAttempts = earlierAttempts;
    }

    /**
     * The next attempt of one test whose last attempt failed or errored and may be retried.
     *
     * @param earlierAttempts how many attempts of it ran before (at least one)
     */
    public static WorkUnit retry(int index, int position, String key, int earlierAttempts) {
        if (earlierAttempts < 1) {
            throw new IllegalArgumentException("a retry follows at least one attempt, not " + earlierAttempts);
        }
        return new WorkUnit(index, List.of(position), List.of(key), earlierAttempts);
    }

    /** Whether this is a test's next attempt ({@link #retry}) rather than a unit of the plan. */
    public boolean isRetry() {
        return earlierAttempts > 0;
    }

    /** How many attempts of its test ran before; 0 for a unit of the plan. */
    public int earlierAttempts() {
        return earlierAttempts;
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
        return (isRetry() ? "retry " + index + " " + positions + " after " + earlierAttempts + " attempts"
                : "unit " + index + " " + positions);
    }
}
