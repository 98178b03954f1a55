package io.jenkins.plugins.systemtests.jenkins.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import hudson.model.InvisibleAction;
import hudson.model.Run;
import io.jenkins.plugins.systemtests.core.json.Json;
import io.jenkins.plugins.systemtests.core.queue.RunLanes;
import io.jenkins.plugins.systemtests.core.queue.Timeline;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where a build's shared-queue runs went, kept in its {@code build.xml}: a lane per environment and the environment of
 * each test ({@link RunLanes}). The build's System Tests page draws each such run's timeline from it and the run's
 * tests in the store, and says by each test where it ran.
 */
public class SharedQueueLanes extends InvisibleAction {
    private static final Logger LOGGER = Logger.getLogger(SharedQueueLanes.class.getName());

    private final List<RunLanes> runs = new ArrayList<>();

    /** Records (or brings up to date) where a run went, and saves the build. */
    public static void record(Run<?, ?> build, RunLanes lanes) {
        synchronized (SharedQueueLanes.class) {
            SharedQueueLanes record = build.getAction(SharedQueueLanes.class);
            if (record == null) {
                record = new SharedQueueLanes();
                build.addAction(record);
            }
            record.put(lanes);
        }
        try {
            build.save();
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "The lanes of run " + lanes.runId() + " could not be saved with "
                    + build.getExternalizableId(), e);
        }
    }

    private synchronized void put(RunLanes lanes) {
        runs.removeIf(run -> run.runId() == lanes.runId());
        runs.add(lanes);
    }

    synchronized Optional<RunLanes> of(long runId) {
        return runs.stream().filter(run -> run.runId() == runId).findFirst();
    }

    /** Whether several environments shared the run (its lanes are recorded): cheaper than drawing its timeline. */
    static boolean isShared(Run<?, ?> build, long runId) {
        SharedQueueLanes record = build.getAction(SharedQueueLanes.class);
        return record != null && record.of(runId).isPresent();
    }

    /** The run's timeline as JSON ({@link Timeline.View}), or null for a run on one environment. */
    static String timelineJson(Run<?, ?> build, long runId) throws IOException {
        SharedQueueLanes record = build.getAction(SharedQueueLanes.class);
        Optional<RunLanes> lanes = record == null ? Optional.empty() : record.of(runId);
        if (lanes.isEmpty()) {
            return null;
        }
        Optional<Timeline.View> view = SystemTestsService.get().reader().read(runId,
                run -> Timeline.of(lanes.get(), run, ZoneId.systemDefault(), System.currentTimeMillis()));
        return view.isEmpty() ? null : json(view.get());
    }

    /** Each test's environment by its index, as JSON, or null for a run on one environment. */
    static String placementsJson(Run<?, ?> build, long runId) {
        SharedQueueLanes record = build.getAction(SharedQueueLanes.class);
        Optional<RunLanes> lanes = record == null ? Optional.empty() : record.of(runId);
        return lanes.map(l -> json(l.placements())).orElse(null);
    }

    /**
     * Where each attempt of a test retried across environments ran, oldest first, as JSON by the test's index; null for
     * a run on one environment.
     */
    static String attemptPlacementsJson(Run<?, ?> build, long runId) {
        SharedQueueLanes record = build.getAction(SharedQueueLanes.class);
        Optional<RunLanes> lanes = record == null ? Optional.empty() : record.of(runId);
        return lanes.map(l -> json(l.attemptPlacements())).orElse(null);
    }

    /** Where each attempt of one test ran, oldest first, as a JSON list; null unless it ran on several. */
    static String attemptEnvironmentsJson(Run<?, ?> build, long runId, int index) {
        SharedQueueLanes record = build.getAction(SharedQueueLanes.class);
        Optional<RunLanes> lanes = record == null ? Optional.empty() : record.of(runId);
        return lanes.map(l -> l.attemptPlacements().get(index)).map(SharedQueueLanes::json).orElse(null);
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a timeline could not be written as JSON", e);
        }
    }
}
