package io.jenkins.plugins.systemtests.core.flaky;

import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.model.TestId;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.core.store.RunResults;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The flakiness scores of a job's tests, read from the small results of its last finished runs (at most
 * {@link #RUNS_READ}), environment failures left out ({@link FlakinessScore#isEnvironmentFailure}). Read when a page
 * asks; a job of 10,000 tests costs one results file per run and one test list per distinct plan.
 */
public final class JobFlakiness {
    /** The runs read at most, newest first: enough for tests that do not run in every build to reach their window. */
    public static final int RUNS_READ = 100;

    /** A test ({@link TestId}: its folder relative to its run's, and its file name) and its score. */
    public record TestScore(String folder, String fileName, FlakinessScore score) {
    }

    private final RunResults.Source source;

    public JobFlakiness(RunResults.Source source) {
        this.source = source;
    }

    /** Every test's score over the job's runs (newest first, as {@code JobHistory.runsOf} lists them). */
    public List<TestScore> scores(List<RunSummary> jobRunsNewestFirst) {
        Map<TestId, List<FlakinessScore.RunOutcome>> outcomes = new LinkedHashMap<>();
        Map<String, List<String>> plans = new HashMap<>();
        for (RunResults results : scoredRuns(jobRunsNewestFirst)) {
            List<String> keys = plans.computeIfAbsent(results.planHash(), this::planKeys);
            Map<TestId, List<TestStatus>> inRun = new LinkedHashMap<>();
            Map<TestId, Boolean> retriedInRun = new HashMap<>();
            for (int i = 0; i < keys.size() && i < results.statuses().length(); i++) {
                TestId key = TestId.ofKey(keys.get(i));
                inRun.computeIfAbsent(key, k -> new ArrayList<>(1)).add(results.status(i));
                if (results.passedOnRetry(i)) {
                    retriedInRun.put(key, true);
                }
            }
            inRun.forEach((key, statuses) -> outcomes.computeIfAbsent(key, k -> new ArrayList<>())
                    .add(new FlakinessScore.RunOutcome(TestStatus.rollUp(statuses), retriedInRun.containsKey(key))));
        }
        List<TestScore> scores = new ArrayList<>(outcomes.size());
        outcomes.forEach((key, list) -> scores.add(new TestScore(key.folder(), key.fileName(),
                FlakinessScore.ofRuns(list))));
        return scores;
    }

    /**
     * One test's score; not enough runs when it did not run in the job's last runs. Reads only that test's place in
     * each run's results, so a test page of a 10,000-test job does not score every test.
     *
     * @param test the test as {@link TestId#of(String, String, String)} names it from its own run's folder
     */
    public FlakinessScore score(List<RunSummary> jobRunsNewestFirst, TestId test) {
        String wanted = test.key();
        Map<String, List<Integer>> positionsByPlan = new HashMap<>();
        List<FlakinessScore.RunOutcome> outcomes = new ArrayList<>();
        for (RunResults results : scoredRuns(jobRunsNewestFirst)) {
            List<Integer> positions = positionsByPlan.computeIfAbsent(results.planHash(), hash -> {
                List<String> keys = planKeys(hash);
                List<Integer> found = new ArrayList<>(1);
                for (int i = 0; i < keys.size(); i++) {
                    if (keys.get(i).equals(wanted)) {
                        found.add(i);
                    }
                }
                return found;
            });
            List<TestStatus> statuses = new ArrayList<>(positions.size());
            boolean retried = false;
            for (int i : positions) {
                if (i < results.statuses().length()) {
                    statuses.add(results.status(i));
                    retried |= results.passedOnRetry(i);
                }
            }
            if (!statuses.isEmpty()) {
                outcomes.add(new FlakinessScore.RunOutcome(TestStatus.rollUp(statuses), retried));
            }
        }
        return FlakinessScore.ofRuns(outcomes);
    }

    /**
     * The results of the runs a score reads: the job's last {@link #RUNS_READ} finished runs that have results, newest
     * first, environment failures left out.
     */
    private List<RunResults> scoredRuns(List<RunSummary> jobRunsNewestFirst) {
        List<RunResults> runs = new ArrayList<>();
        for (RunSummary run : jobRunsNewestFirst) {
            if (runs.size() == RUNS_READ) {
                break;
            }
            if (!run.ongoing() && !FlakinessScore.isEnvironmentFailure(run.counts())) {
                source.results(run.id()).ifPresent(runs::add);
            }
        }
        return runs;
    }

    /** The flakiest tests, highest score first (then most flips), only those with enough runs and some flakiness. */
    public List<TestScore> flakiest(List<RunSummary> jobRunsNewestFirst, int limit) {
        return scores(jobRunsNewestFirst).stream()
                .filter(s -> s.score().enoughRuns() && s.score().score() > 0)
                .sorted(Comparator.comparingDouble((TestScore s) -> s.score().score()).reversed()
                        .thenComparing(Comparator.comparingInt((TestScore s) -> s.score().flips()).reversed())
                        .thenComparing(TestScore::fileName))
                .limit(limit).toList();
    }

    private List<String> planKeys(String planHash) {
        try {
            return source.planKeys(planHash);
        } catch (IOException e) {
            return List.of();
        }
    }
}
