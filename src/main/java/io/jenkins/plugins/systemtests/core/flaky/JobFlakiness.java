package io.jenkins.plugins.systemtests.core.flaky;

import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.core.store.RunResults;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The flakiness scores of a job's tests, read from the small results of its last finished runs (at most
 * {@link #RUNS_READ}), environment failures left out ({@link FlakinessScore#isEnvironmentFailure}). Read when a page
 * asks; a job of 10,000 tests costs one results file per run and one test list per distinct plan.
 */
public final class JobFlakiness {
    /** The runs read at most, newest first: enough for tests that do not run in every build to reach their window. */
    public static final int RUNS_READ = 100;

    /**
     * Whether a test of a run passed only on a retry. The runner's retries mark such a test; until the store keeps that
     * mark, {@link #NONE} answers no for every test.
     */
    @FunctionalInterface
    public interface RetryPasses {
        RetryPasses NONE = (runId, testIndex) -> false;

        boolean passedOnRetry(long runId, int testIndex);
    }

    /** A test and its score. */
    public record TestScore(String filePath, String fileName, FlakinessScore score) {
    }

    private final RunResults.Source source;
    private final RetryPasses retries;

    public JobFlakiness(RunResults.Source source, RetryPasses retries) {
        this.source = source;
        this.retries = retries;
    }

    /** Every test's score over the job's runs (newest first, as {@code JobHistory.runsOf} lists them). */
    public List<TestScore> scores(List<RunSummary> jobRunsNewestFirst) {
        Map<TestKey, List<TestStatus>> outcomes = new LinkedHashMap<>();
        Map<TestKey, Integer> retryPasses = new HashMap<>();
        Map<String, List<String>> plans = new HashMap<>();
        int read = 0;
        for (RunSummary run : jobRunsNewestFirst) {
            if (read == RUNS_READ) {
                break;
            }
            if (run.ongoing() || FlakinessScore.isEnvironmentFailure(run.counts())) {
                continue;
            }
            Optional<RunResults> results = source.results(run.id());
            if (results.isEmpty()) {
                continue;
            }
            read++;
            List<String> keys = plans.computeIfAbsent(results.get().planHash(), this::planKeys);
            Map<TestKey, List<TestStatus>> inRun = new LinkedHashMap<>();
            for (int i = 0; i < keys.size() && i < results.get().statuses().length(); i++) {
                TestKey key = TestKey.parse(keys.get(i));
                inRun.computeIfAbsent(key, k -> new ArrayList<>(1)).add(results.get().status(i));
                if (retries.passedOnRetry(run.id(), i)) {
                    retryPasses.merge(key, 1, Integer::sum);
                }
            }
            inRun.forEach((key, statuses) -> outcomes.computeIfAbsent(key, k -> new ArrayList<>())
                    .add(TestStatus.rollUp(statuses)));
        }
        List<TestScore> scores = new ArrayList<>(outcomes.size());
        outcomes.forEach((key, list) -> scores.add(new TestScore(key.filePath(), key.fileName(),
                FlakinessScore.of(list, retryPasses.getOrDefault(key, 0)))));
        return scores;
    }

    /** One test's score; not enough runs when it did not run in the job's last runs. */
    public FlakinessScore score(List<RunSummary> jobRunsNewestFirst, String filePath, String fileName) {
        TestKey wanted = new TestKey(filePath == null ? "" : filePath, fileName);
        return scores(jobRunsNewestFirst).stream().filter(s -> new TestKey(s.filePath(), s.fileName()).equals(wanted))
                .map(TestScore::score).findFirst().orElse(FlakinessScore.of(List.of(), 0));
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
