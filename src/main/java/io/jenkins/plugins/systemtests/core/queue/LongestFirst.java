package io.jenkins.plugins.systemtests.core.queue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The order the shared queue hands units out in: longest expected first, so that the short ones fill the gaps at the
 * end and no rig finishes an hour after the others (the greedy longest-processing-time rule). A test never seen in the
 * job counts as the median of the plan's known tests: neither first nor last.
 */
public final class LongestFirst {
    private LongestFirst() {
    }

    /** The expected milliseconds of each unit, by its index. */
    public static long[] estimates(List<WorkUnit> units, Map<String, Long> medians) {
        List<Long> known = new ArrayList<>();
        for (WorkUnit unit : units) {
            for (String key : unit.keys()) {
                Long median = medians.get(key);
                if (median != null) {
                    known.add(median);
                }
            }
        }
        long unseen = TestDurations.median(known);
        long[] estimates = new long[units.size()];
        for (WorkUnit unit : units) {
            long sum = 0;
            for (String key : unit.keys()) {
                sum += medians.getOrDefault(key, unseen);
            }
            estimates[unit.index()] = sum;
        }
        return estimates;
    }

    /** The units, longest expected first; equal ones in plan order. */
    public static List<WorkUnit> order(List<WorkUnit> units, Map<String, Long> medians) {
        long[] estimates = estimates(units, medians);
        List<WorkUnit> ordered = new ArrayList<>(units);
        ordered.sort(Comparator.comparingLong((WorkUnit u) -> -estimates[u.index()]).thenComparingInt(WorkUnit::first));
        return ordered;
    }
}
