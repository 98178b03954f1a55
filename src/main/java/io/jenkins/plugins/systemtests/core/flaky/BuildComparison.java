package io.jenkins.plugins.systemtests.core.flaky;

import io.jenkins.plugins.systemtests.core.model.TestId;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A build's failures against another build of its job (Allure's new and known failures): new failures (failing here,
 * not failing there), failures that go on (failing in both, with the build they have failed since) and fixed tests
 * (failing there, passing here). A failure of a test the other build did not run is new; a test that did not run here
 * is neither fixed nor failing.
 *
 * @param buildNumber    the build
 * @param baselineNumber the build it is compared with
 */
public record BuildComparison(int buildNumber, int baselineNumber, List<Change> newFailures, List<Change> ongoing,
        List<Change> fixed) {
    /**
     * A test in the comparison.
     *
     * @param folder       its folder relative to its run's ({@link TestId#folder})
     * @param status       its outcome in the build (for a fixed test, its pass)
     * @param failingSince for a failure that goes on, the first build of its run of failures
     */
    public record Change(String folder, String fileName, TestStatus status, Integer failingSince) {
    }

    /** How many builds before this one are read at most to find when a failure began. */
    public static final int SINCE_LOOKBACK = 50;

    /**
     * Compares a build with a baseline build.
     *
     * @param earlier the builds before {@code build}, newest first (at most {@link #SINCE_LOOKBACK} are read), to
     *                find since when a failure goes on; builds in which the test did not run are passed over
     */
    public static BuildComparison of(BuildOutcomes build, BuildOutcomes baseline, List<BuildOutcomes> earlier) {
        List<Change> newFailures = new ArrayList<>();
        List<Change> ongoing = new ArrayList<>();
        List<Change> fixed = new ArrayList<>();
        for (Map.Entry<TestId, TestStatus> test : build.outcomes().entrySet()) {
            TestId key = test.getKey();
            TestStatus now = test.getValue();
            TestStatus before = baseline.outcomes().get(key);
            if (now.isFailure()) {
                if (before != null && before.isFailure()) {
                    ongoing.add(new Change(key.folder(), key.fileName(), now, failingSince(key, build, earlier)));
                } else {
                    newFailures.add(new Change(key.folder(), key.fileName(), now, null));
                }
            } else if (FlakinessScore.ran(now) && before != null && before.isFailure()) {
                fixed.add(new Change(key.folder(), key.fileName(), now, null));
            }
        }
        return new BuildComparison(build.buildNumber(), baseline.buildNumber(), List.copyOf(newFailures),
                List.copyOf(ongoing), List.copyOf(fixed));
    }

    private static int failingSince(TestId key, BuildOutcomes build, List<BuildOutcomes> earlier) {
        int since = build.buildNumber();
        for (BuildOutcomes older : earlier.subList(0, Math.min(earlier.size(), SINCE_LOOKBACK))) {
            TestStatus status = older.outcomes().get(key);
            if (status == null || !FlakinessScore.ran(status)) {
                continue; // not run there: the run of failures is not broken
            }
            if (!status.isFailure()) {
                break;
            }
            since = older.buildNumber();
        }
        return since;
    }
}
