package io.jenkins.plugins.systemtests.jenkins.results;

import hudson.model.Run;
import io.jenkins.plugins.systemtests.core.api.RunViews;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * One run of a build in brief, as the build page's summary and the System Tests page's headings show it: one summary
 * looked up in the store, never the run's events (its failed tests are read only when the build page asks).
 */
@Restricted(NoExternalUse.class)
public final class RunBrief {
    /** How many failed tests the build page lists per run, each linking to its page. */
    private static final int FAILURES_LISTED = 10;

    private final RunSummary summary;
    private final Run<?, ?> build;

    RunBrief(RunSummary summary, Run<?, ?> build) {
        this.summary = summary;
        this.build = build;
    }

    /** A failed test of a run, for the build page: its index (its page's URL), name and reason. */
    @Restricted(NoExternalUse.class)
    public record Failure(int index, String fileName, String reason) {
    }

    /** How the run went, worded as Jenkins shows the build: failed tests in an UNSTABLE build read "unstable". */
    public String getOutcome() {
        return build == null ? summary.outcome()
                : RunViews.agreeing(summary.outcome(), ReportedBuilds.result(build).orElse(null));
    }

    public long getId() {
        return summary.id();
    }

    public String getMachine() {
        return summary.machineName();
    }

    public String getStatus() {
        return summary.status().wireName();
    }

    public String getEnvironment() {
        return summary.environment();
    }

    public String getStartedBy() {
        return summary.startedBy();
    }

    /**
     * The run's failed tests (failed or error), the first few, with their reasons: the build page lists them as
     * junit lists failed tests. Read from the run only when the build page is shown.
     */
    public List<Failure> getFailures() throws IOException {
        if (summary.counts().entrySet().stream().noneMatch(count -> count.getKey().isFailure() && count.getValue() > 0)) {
            return List.of();
        }
        return SystemTestsService.get().reader().read(summary.id(), run -> {
            List<Failure> failures = new ArrayList<>();
            for (int i = 0; i < run.testCount() && failures.size() < FAILURES_LISTED; i++) {
                if (run.status(i).isFailure()) {
                    failures.add(new Failure(i, run.test(i).fileName(), run.reason(i)));
                }
            }
            return failures;
        }).orElse(List.of());
    }

    /** How many tests passed (or warned) only on a retry: marked "(n flaky)" beside the passed ones. */
    public int getFlaky() {
        return summary.flaky();
    }

    /** The flaky tests' mark, as the counts word it ({@code TestStatus.FLAKY}). */
    public String getFlakyMark() {
        return TestStatus.FLAKY;
    }

    /** Tests per status, in the order statuses are shown, those with none left out. */
    public Map<String, Integer> getCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (TestStatus status : TestStatus.DISPLAY_ORDER) {
            int count = summary.counts().getOrDefault(status, 0);
            if (count > 0) {
                counts.put(status.wireName(), count);
            }
        }
        return counts;
    }
}
