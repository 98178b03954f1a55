package io.jenkins.plugins.systemtests.core.queue;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a shared queue's run went, kept with the build for its page: one lane per environment (when it waited, held
 * its environment, ended) and the environment each test ran on, and each attempt of a test retried on another one.
 * Plain fields: saved with the build as they are.
 */
public final class RunLanes implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One environment's share: epoch millis, -1 for not yet. */
    public static final class Lane implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String environment;
        private final long waitingSince;
        private final long startedAt;
        private final long endedAt;
        private final String state;
        private final String lostBecause;

        public Lane(String environment, long waitingSince, long startedAt, long endedAt, String state,
                String lostBecause) {
            this.environment = environment;
            this.waitingSince = waitingSince;
            this.startedAt = startedAt;
            this.endedAt = endedAt;
            this.state = state;
            this.lostBecause = lostBecause;
        }

        public String environment() {
            return environment;
        }

        public long waitingSince() {
            return waitingSince;
        }

        public long startedAt() {
            return startedAt;
        }

        public long endedAt() {
            return endedAt;
        }

        public String state() {
            return state;
        }

        /** Why its runner was lost, or null. */
        public String lostBecause() {
            return lostBecause;
        }
    }

    private final long runId;
    private final ArrayList<Lane> lanes;
    private final HashMap<Integer, String> placements;
    /** Tests that ran more than once: each attempt's environment, oldest first; null in lanes saved before. */
    private final HashMap<Integer, ArrayList<String>> attempts;

    public RunLanes(long runId, List<Lane> lanes, Map<Integer, String> placements) {
        this(runId, lanes, placements, Map.of());
    }

    /** @param attempts for tests that ran more than once, each attempt's environment, oldest first */
    public RunLanes(long runId, List<Lane> lanes, Map<Integer, String> placements,
            Map<Integer, List<String>> attempts) {
        this.runId = runId;
        this.lanes = new ArrayList<>(lanes);
        this.placements = new HashMap<>(placements);
        this.attempts = new HashMap<>();
        attempts.forEach((test, where) -> this.attempts.put(test, new ArrayList<>(where)));
    }

    public long runId() {
        return runId;
    }

    public List<Lane> lanes() {
        return Collections.unmodifiableList(lanes);
    }

    /** The environment each test ran on (or runs on), by its place in the plan. */
    public Map<Integer, String> placements() {
        return Collections.unmodifiableMap(placements);
    }

    /** For each test that ran more than once (a retry), the environment of each attempt, oldest first. */
    public Map<Integer, List<String>> attemptPlacements() {
        return attempts == null ? Map.of() : Collections.unmodifiableMap(attempts);
    }
}
