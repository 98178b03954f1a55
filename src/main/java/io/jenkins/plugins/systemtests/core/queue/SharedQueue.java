package io.jenkins.plugins.systemtests.core.queue;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One plan's queue across several environments: the units not handed out yet, in the order they go out, and what each
 * environment's share was handed, when, and whether it finished. Plain serializable state, saved with the build, so a
 * controller restart goes on with the same queue. Not thread-safe: its owner calls it from one thread at a time.
 */
public final class SharedQueue implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One unit handed to one share: the {@code seq}-th assignment of that share. */
    public static final class Assignment implements Serializable {
        private static final long serialVersionUID = 1L;
        private final int seq;
        private final int unit;
        private final long assignedAt;
        private long finishedAt = -1;
        private boolean returned;

        Assignment(int seq, int unit, long assignedAt) {
            this.seq = seq;
            this.unit = unit;
            this.assignedAt = assignedAt;
        }

        public int seq() {
            return seq;
        }

        public int unit() {
            return unit;
        }

        public long assignedAt() {
            return assignedAt;
        }

        /** When the share said it was done with it (epoch millis), or -1. */
        public long finishedAt() {
            return finishedAt;
        }

        /** Put back in the queue: its share was lost before it ran it. */
        public boolean returned() {
            return returned;
        }

        public boolean outstanding() {
            return finishedAt < 0 && !returned;
        }
    }

    private final List<WorkUnit> units;
    /** Unit indices not handed out, in the order they go out. */
    private final List<Integer> pending = new ArrayList<>();
    /** The place of each unit in the longest-first order, to put a returned unit back where it was. */
    private final int[] rank;
    private final Map<String, List<Assignment>> shares = new LinkedHashMap<>();

    /**
     * @param ordered the plan's units in the order they go out ({@link LongestFirst#order})
     * @param shares  the environments' names
     */
    public SharedQueue(List<WorkUnit> ordered, List<String> shares) {
        this.units = new ArrayList<>(ordered);
        this.units.sort(java.util.Comparator.comparingInt(WorkUnit::index));
        this.rank = new int[ordered.size()];
        for (int i = 0; i < ordered.size(); i++) {
            rank[ordered.get(i).index()] = i;
            pending.add(ordered.get(i).index());
        }
        for (String share : shares) {
            this.shares.put(share, new ArrayList<>());
        }
    }

    public WorkUnit unit(int index) {
        return units.get(index);
    }

    public List<String> shares() {
        return List.copyOf(shares.keySet());
    }

    /** Hands the next unit to a share, if any is left. */
    public Optional<Assignment> next(String share, long now) {
        List<Assignment> handed = assignments(share);
        if (pending.isEmpty()) {
            return Optional.empty();
        }
        Assignment assignment = new Assignment(handed.size() + 1, pending.remove(0), now);
        handed.add(assignment);
        return Optional.of(assignment);
    }

    /** The share ran its {@code seq}-th assignment to its end. */
    public void finished(String share, int seq, long now) {
        Assignment assignment = assignments(share).get(seq - 1);
        if (assignment.outstanding()) {
            assignment.finishedAt = now;
        }
    }

    /**
     * Puts a share's assignment back in the queue, at its place in the longest-first order: the share was lost before
     * it ran the unit. Another share picks it up.
     */
    public void giveBack(String share, int seq) {
        Assignment assignment = assignments(share).get(seq - 1);
        if (!assignment.outstanding()) {
            return;
        }
        assignment.returned = true;
        int at = 0;
        while (at < pending.size() && rank[pending.get(at)] < rank[assignment.unit]) {
            at++;
        }
        pending.add(at, assignment.unit);
    }

    /** What the share was handed and has not finished, oldest first. */
    public List<Assignment> outstanding(String share) {
        return assignments(share).stream().filter(Assignment::outstanding).toList();
    }

    /** Everything the share was handed, in order (returned ones included). */
    public List<Assignment> assignments(String share) {
        List<Assignment> handed = shares.get(share);
        if (handed == null) {
            throw new IllegalArgumentException("no share " + share);
        }
        return handed;
    }

    /** How many units wait to be handed out. */
    public int pendingCount() {
        return pending.size();
    }

    /** Takes every unit not handed out, in queue order: none is left to hand out (no share is left to run them). */
    public List<WorkUnit> takePending() {
        List<WorkUnit> taken = pending.stream().map(units::get).toList();
        pending.clear();
        return taken;
    }

    /** Nothing left to hand out, and nothing handed out unfinished: every share may stop. */
    public boolean drained() {
        return pending.isEmpty() && shares.keySet().stream().allMatch(share -> outstanding(share).isEmpty());
    }

    /** Where each test of the plan ran (or runs): the share its unit was last handed to and not given back. */
    public Map<Integer, String> placements() {
        Map<Integer, String> placed = new LinkedHashMap<>();
        shares.forEach((share, handed) -> handed.stream().filter(a -> !a.returned)
                .forEach(a -> units.get(a.unit).positions().forEach(p -> placed.put(p, share))));
        return placed;
    }
}
