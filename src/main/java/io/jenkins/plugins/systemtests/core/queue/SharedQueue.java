package io.jenkins.plugins.systemtests.core.queue;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One plan's queue across several environments: the units not handed out yet, in the order they go out, and what each
 * environment's share was handed, when, and whether it finished. A test whose attempt failed and may be retried comes
 * back as a unit of its own ({@link #retry}), first in line, for another environment than the one it failed on while
 * another runs. Plain serializable state, saved with the build, so a controller restart goes on with the same queue.
 * Not thread-safe: its owner calls it from one thread at a time.
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

    /** The plan's units by index, then the retries in the order they came. */
    private final List<WorkUnit> units;
    /** Unit indices not handed out, in the order they go out. */
    private final List<Integer> pending = new ArrayList<>();
    /** The place of each unit in the longest-first order, to put a returned unit back where it was. */
    private final int[] rank;
    private final Map<String, List<Assignment>> shares = new LinkedHashMap<>();
    /** The share each retry's earlier attempt failed on, by the retry's unit index; null in a queue saved before. */
    private HashMap<Integer, String> failedOn = new HashMap<>();

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

    /** Hands the next unit to a share, if any is left, as to the only share running. */
    public Optional<Assignment> next(String share, long now) {
        return next(share, false, now);
    }

    /**
     * Hands the next unit to a share, if any is left for it: a retry goes to another share than the one its test
     * failed on while another runs ({@code othersRun}), and to the same one when it is the last.
     */
    public Optional<Assignment> next(String share, boolean othersRun, long now) {
        List<Assignment> handed = assignments(share);
        for (int at = 0; at < pending.size(); at++) {
            int unit = pending.get(at);
            if (othersRun && failedOn != null && share.equals(failedOn.get(unit))) {
                continue; // left for another environment
            }
            pending.remove(at);
            Assignment assignment = new Assignment(handed.size() + 1, unit, now);
            handed.add(assignment);
            return Optional.of(assignment);
        }
        return Optional.empty();
    }

    /**
     * Queues the next attempt of a test whose attempt on {@code share} failed or errored and may be retried: first in
     * line (after the retries already waiting), since its test is the run's last word on it.
     *
     * @param position        the test's place in the plan
     * @param earlierAttempts how many attempts of it ran so far
     * @return the retry's unit
     */
    public WorkUnit retry(String share, int position, int earlierAttempts) {
        assignments(share); // an unknown share is a mistake
        String key = planUnitOf(position).map(u -> u.keys().get(u.positions().indexOf(position)))
                .orElseThrow(() -> new IllegalArgumentException("no test at position " + position + " in the plan"));
        WorkUnit unit = WorkUnit.retry(units.size(), position, key, earlierAttempts);
        units.add(unit);
        if (failedOn == null) {
            failedOn = new HashMap<>();
        }
        failedOn.put(unit.index(), share);
        int at = 0;
        while (at < pending.size() && units.get(pending.get(at)).isRetry()) {
            at++;
        }
        pending.add(at, unit.index());
        return unit;
    }

    /** The plan's unit (not a retry) that holds the test at this position. */
    public Optional<WorkUnit> planUnitOf(int position) {
        return units.stream().filter(u -> !u.isRetry() && u.positions().contains(position)).findFirst();
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
        while (at < pending.size() && rank(pending.get(at)) < rank(assignment.unit)) {
            at++;
        }
        pending.add(at, assignment.unit);
    }

    /** A unit's place in the order units go out: a retry's before every unit of the plan. */
    private int rank(int unit) {
        return unit < rank.length ? rank[unit] : -1;
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

    /**
     * Where each test of the plan ran (or runs): the share its unit was last handed to and not given back; for a
     * retried test, its last attempt's.
     */
    public Map<Integer, String> placements() {
        Map<Integer, String> placed = new LinkedHashMap<>();
        attemptPlacements().forEach((position, where) -> placed.put(position, where.get(where.size() - 1)));
        return placed;
    }

    /** Where each attempt of each test ran (or runs), oldest first, by the test's place in the plan. */
    public Map<Integer, List<String>> attemptPlacements() {
        List<Map.Entry<String, Assignment>> kept = new ArrayList<>();
        shares.forEach((share, handed) -> handed.stream().filter(a -> !a.returned)
                .forEach(a -> kept.add(Map.entry(share, a))));
        // In the order they were handed out; a retry is always handed after the attempt it follows ended.
        kept.sort(java.util.Comparator.comparingLong(e -> e.getValue().assignedAt));
        Map<Integer, List<String>> placed = new LinkedHashMap<>();
        for (Map.Entry<String, Assignment> entry : kept) {
            units.get(entry.getValue().unit).positions()
                    .forEach(p -> placed.computeIfAbsent(p, k -> new ArrayList<>()).add(entry.getKey()));
        }
        return placed;
    }
}
