package io.jenkins.plugins.systemtests.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.model.TestId;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import io.jenkins.plugins.systemtests.core.store.BuildReference;
import io.jenkins.plugins.systemtests.core.store.RunResults;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A job's history, always read in windows: the trend (counts per status of its builds' runs, newest first) comes
 * from the small summaries kept in memory; a test's history reads the small results file of each run in the window
 * only, and marks the test flaky when it flips between pass and fail more than once there.
 */
public final class JobHistory {
    private static final int PLAN_CACHE = 64;

    private final RunResults.Source source;
    private final Map<String, String> jobOfBuildUrl = Collections.synchronizedMap(new HashMap<>());
    private final Map<String, Map<String, List<Integer>>> plans = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Map<String, List<Integer>>> eldest) {
                    return size() > PLAN_CACHE;
                }
            });

    public JobHistory(RunResults.Source source) {
        this.source = source;
    }

    /** The runs of a job's builds, newest first. */
    public List<RunSummary> runsOf(List<RunSummary> all, String job) {
        List<RunSummary> runs = new ArrayList<>();
        for (RunSummary summary : all) {
            if (summary.buildUrl() != null && job.equals(jobOf(summary.buildUrl()))) {
                runs.add(summary);
            }
        }
        runs.sort(Comparator.comparingLong(RunSummary::id).reversed());
        return runs;
    }

    private String jobOf(String buildUrl) {
        return jobOfBuildUrl.computeIfAbsent(buildUrl, url -> {
            try {
                return BuildReference.parse(url, null).jobFullName();
            } catch (RejectedException e) {
                return "";
            }
        });
    }

    public Page<RunViews.Summary> trend(List<RunSummary> jobRuns, Page.Request window) {
        // Only the window's rows are built; each finished one reads its small results file for its summed test time.
        return window.of(jobRuns).map(run -> RunViews.summary(run).withTestTimeMs(testTimeMs(run)));
    }

    /** The summed duration of a finished run's tests, or null (ongoing, or no results file). */
    private Long testTimeMs(RunSummary run) {
        if (run.ongoing()) {
            return null;
        }
        return source.results(run.id()).map(results -> java.util.Arrays.stream(results.durationsMs())
                .filter(ms -> ms > 0).asLongStream().sum()).orElse(null);
    }

    /**
     * One test across a job's runs, a window of them, newest first; {@code flaky} when its outcome flipped twice. The
     * test is named as in every run ({@link TestId}): its folder relative to its run's folder, and its file name.
     */
    public record TestHistory(String folder, String fileName, int page, int size, int total, boolean flaky,
            List<Outcome> items) {
    }

    /**
     * The test in one run: its status (null when it was not in the run's plan, {@code running} while the run goes
     * on) and, when it ran, its duration.
     */
    public record Outcome(long runId, String buildUrl, String createdAt, String status,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long durationMs) {
    }

    /**
     * One test's status and duration in each run of the window, newest first, and whether it looks flaky: the runs in
     * any workspace, since the test is named relative to each run's folder.
     */
    public TestHistory testHistory(List<RunSummary> jobRuns, TestId test, Page.Request window) {
        String key = test.key();
        Page<RunSummary> runs = window.of(jobRuns);
        List<Outcome> items = new ArrayList<>();
        List<TestStatus> outcomes = new ArrayList<>();
        for (RunSummary run : runs.items()) {
            Optional<RunResults> results = run.ongoing() ? Optional.empty() : source.results(run.id());
            String status = null;
            Long durationMs = null;
            if (results.isEmpty()) {
                status = run.ongoing() ? "running" : null;
            } else {
                List<Integer> positions = positions(results.get().planHash()).getOrDefault(key, List.of());
                if (!positions.isEmpty()) { // else the test was not in this run's plan
                    List<TestStatus> statuses = new ArrayList<>();
                    long duration = 0;
                    for (int i : positions) {
                        statuses.add(results.get().status(i));
                        duration += Math.max(0, results.get().durationsMs()[i]);
                    }
                    TestStatus rolledUp = TestStatus.rollUp(statuses);
                    outcomes.add(rolledUp);
                    status = rolledUp.wireName();
                    durationMs = duration;
                }
            }
            items.add(new Outcome(run.id(), run.buildUrl(), run.createdAt().toString(), status, durationMs));
        }
        return new TestHistory(test.folder(), test.fileName(), runs.page(), runs.size(), runs.total(), flips(outcomes) >= 2, items);
    }

    /** Finished runs looked at, newest first, to find one of the same plan. */
    private static final int ETA_CANDIDATES = 20;

    /**
     * Expected durations of a run's tests: those of the most recent finished run of the same plan (the same tests in
     * the same order), preferring the same machine; -1 where unknown. Empty when no such run is found.
     */
    public Optional<int[]> expectedDurations(String plan, String machine, long runId, List<RunSummary> all) {
        List<RunSummary> candidates = all.stream().filter(s -> !s.ongoing() && s.id() != runId)
                .sorted(Comparator.comparing((RunSummary s) -> !s.machineName().equals(machine))
                        .thenComparing(Comparator.comparingLong(RunSummary::id).reversed()))
                .limit(ETA_CANDIDATES).toList();
        for (RunSummary candidate : candidates) {
            Optional<RunResults> results = source.results(candidate.id());
            if (results.isPresent() && results.get().planHash().equals(plan)) {
                return Optional.of(results.get().durationsMs());
            }
        }
        return Optional.empty();
    }

    /** How often a test went from passing to failing or back, over consecutive runs. */
    static int flips(List<TestStatus> outcomes) {
        int flips = 0;
        Boolean previous = null;
        for (TestStatus status : outcomes) {
            if (status == TestStatus.PASSED || status == TestStatus.WARNING || status.isFailure()) {
                boolean passed = !status.isFailure();
                if (previous != null && previous != passed) {
                    flips++;
                }
                previous = passed;
            }
        }
        return flips;
    }

    private Map<String, List<Integer>> positions(String planHash) {
        Map<String, List<Integer>> cached = plans.get(planHash);
        if (cached != null) {
            return cached;
        }
        Map<String, List<Integer>> positions = new HashMap<>();
        try {
            List<String> keys = source.planKeys(planHash);
            for (int i = 0; i < keys.size(); i++) {
                positions.computeIfAbsent(keys.get(i), k -> new ArrayList<>(1)).add(i);
            }
        } catch (IOException e) {
            return Map.of();
        }
        plans.put(planHash, positions);
        return positions;
    }
}
