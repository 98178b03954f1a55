package io.jenkins.plugins.systemtests.core.flaky;

import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import java.util.List;
import java.util.Map;

/**
 * How flaky a test is (the measure of Jenkins' flaky-test-handler, by flips): over the last {@link #WINDOW} runs in
 * which it ran, how often its outcome went from pass to fail or back, plus the runs it passed only on a retry; at least
 * {@link #MIN_RUNS} such runs are needed, else there is not enough to say. The score is those events per chance of one
 * (flips have {@code runs - 1} chances, a pass on retry one per run), 0 for a steady test, 1 for one that flips every
 * run.
 *
 * @param runs          runs counted (the test ran, the run was not an environment failure), at most {@link #WINDOW}
 * @param flips         changes between pass and fail from one run to the next
 * @param passedOnRetry runs the test passed only on a retry
 * @param score         from 0 to 1; 0 when there are not enough runs
 */
public record FlakinessScore(int runs, int flips, int passedOnRetry, double score) {
    /** The runs looked at: the last 20 in which the test ran. */
    public static final int WINDOW = 20;
    /** Fewer runs than this say nothing. */
    public static final int MIN_RUNS = 5;
    /** A run where at least this share of the tests failed failed for its environment, not its tests. */
    public static final double ENVIRONMENT_FAILURE_SHARE = 0.8;

    public boolean enoughRuns() {
        return runs >= MIN_RUNS;
    }

    /** The score as a whole percentage, for pages. */
    public int percent() {
        return (int) Math.round(score * 100);
    }

    /** A test's outcome in one run, and whether it passed there only on a retry. */
    public record RunOutcome(TestStatus status, boolean passedOnRetry) {
    }

    /**
     * The score of a test from its outcomes, newest first, in runs that were not environment failures (see
     * {@link #isEnvironmentFailure}); outcomes that are neither a pass nor a failure (skipped, cancelled, unknown) are
     * not runs of the test. Only the newest {@link #WINDOW} runs count, their passes on retry with them.
     */
    public static FlakinessScore ofRuns(List<RunOutcome> outcomesNewestFirst) {
        int runs = 0;
        int flips = 0;
        int retries = 0;
        Boolean previous = null;
        for (RunOutcome outcome : outcomesNewestFirst) {
            if (runs == WINDOW) {
                break;
            }
            if (!ran(outcome.status())) {
                continue;
            }
            boolean passed = !outcome.status().isFailure();
            if (previous != null && previous != passed) {
                flips++;
            }
            if (passed && outcome.passedOnRetry()) {
                retries++;
            }
            previous = passed;
            runs++;
        }
        return new FlakinessScore(runs, flips, retries, score(runs, flips, retries));
    }

    /** Events (flips and passes on retry) per chance of one; 0 below {@link #MIN_RUNS}. */
    private static double score(int runs, int flips, int retries) {
        return runs < MIN_RUNS ? 0 : Math.min(1.0, (flips + retries) / (double) Math.max(1, runs - 1 + retries));
    }

    /**
     * As {@link #ofRuns}, for outcomes without their retries and a count of passes on retry among the runs counted
     * (at most one per run).
     */
    public static FlakinessScore of(List<TestStatus> outcomesNewestFirst, int passedOnRetry) {
        FlakinessScore plain = ofRuns(outcomesNewestFirst.stream().map(s -> new RunOutcome(s, false)).toList());
        int retries = Math.min(passedOnRetry, plain.runs());
        return new FlakinessScore(plain.runs(), plain.flips(), retries, score(plain.runs(), plain.flips(), retries));
    }

    /** Whether a test ran to a pass or a failure: passed, warning, failed or error. */
    public static boolean ran(TestStatus status) {
        return status != null && (status == TestStatus.PASSED || status == TestStatus.WARNING || status.isFailure());
    }

    /**
     * Whether a finished run failed as a whole: at least 80 % of its tests failed or broke, which says more about the
     * lab (a machine down, a network gone) than about any one test. Such runs are left out of scores.
     */
    public static boolean isEnvironmentFailure(Map<TestStatus, Integer> counts) {
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        int failures = counts.getOrDefault(TestStatus.FAILED, 0) + counts.getOrDefault(TestStatus.ERROR, 0);
        return total > 0 && failures >= ENVIRONMENT_FAILURE_SHARE * total;
    }
}
