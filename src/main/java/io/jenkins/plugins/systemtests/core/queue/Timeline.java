package io.jenkins.plugins.systemtests.core.queue;

import io.jenkins.plugins.systemtests.core.model.TestRun;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A shared queue's run as its page draws it: a lane per environment, with the wait for its lock, each test it ran
 * (from its start to its stop, coloured by status) and, per lane, how long it waited, was busy with tests, and sat
 * idle while it held its environment.
 */
public final class Timeline {
    /** One bar: {@code wait} (for the environment's lock) or {@code test}; times in epoch millis. */
    public record Item(int lane, String kind, long start, long end, Integer index, String name, String status) {
    }

    /** One lane's totals, in milliseconds. */
    public record Totals(String environment, String state, long waitMs, long busyMs, long idleMs, int tests,
            String lostBecause) {
    }

    public record View(List<String> lanes, List<Item> items, List<Totals> totals) {
    }

    private Timeline() {
    }

    /**
     * @param zone the zone of the machines' timestamps (the runners run on the build's node)
     * @param now  the end of what is still going on
     */
    public static View of(RunLanes lanes, TestRun run, ZoneId zone, long now) {
        List<String> names = lanes.lanes().stream().map(RunLanes.Lane::environment).toList();
        Map<String, Integer> laneOf = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            laneOf.put(names.get(i), i);
        }
        List<Item> items = new ArrayList<>();
        long[] busy = new long[names.size()];
        int[] tests = new int[names.size()];
        for (int i = 0; i < names.size(); i++) {
            RunLanes.Lane lane = lanes.lanes().get(i);
            long waitEnd = lane.startedAt() >= 0 ? lane.startedAt() : lane.endedAt() >= 0 ? lane.endedAt() : now;
            if (waitEnd > lane.waitingSince()) {
                items.add(new Item(i, "wait", lane.waitingSince(), waitEnd, null, null, null));
            }
        }
        for (Map.Entry<Integer, String> placed : lanes.placements().entrySet()) {
            int index = placed.getKey();
            Integer lane = laneOf.get(placed.getValue());
            if (lane == null || index >= run.testCount() || run.start(index) == null) {
                continue;
            }
            long start = millis(run.start(index), zone);
            TestStatus status = run.status(index);
            long end = run.stop(index) == null ? Math.max(start, now) : millis(run.stop(index), zone);
            items.add(new Item(lane, "test", start, Math.max(start, end), index, run.test(index).fileName(),
                    status.wireName()));
            busy[lane] += Math.max(0, end - start);
            tests[lane]++;
        }
        List<Totals> totals = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            RunLanes.Lane lane = lanes.lanes().get(i);
            long waitEnd = lane.startedAt() >= 0 ? lane.startedAt() : lane.endedAt() >= 0 ? lane.endedAt() : now;
            long held = lane.startedAt() < 0 ? 0 : (lane.endedAt() >= 0 ? lane.endedAt() : now) - lane.startedAt();
            totals.add(new Totals(lane.environment(), lane.state(), Math.max(0, waitEnd - lane.waitingSince()),
                    busy[i], Math.max(0, held - busy[i]), tests[i], lane.lostBecause()));
        }
        items.sort(java.util.Comparator.comparingLong(Item::start));
        return new View(names, items, totals);
    }

    private static long millis(LocalDateTime time, ZoneId zone) {
        return time.atZone(zone).toInstant().toEpochMilli();
    }
}
