package io.jenkins.plugins.systemtests.jenkins.results;

import hudson.model.ModelObject;
import hudson.model.Run;
import io.jenkins.plugins.systemtests.core.flaky.FlakinessScore;
import io.jenkins.plugins.systemtests.core.model.TestId;
import io.jenkins.plugins.systemtests.core.protocol.ScriptRef;
import io.jenkins.plugins.systemtests.core.runner.TestLines;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import io.jenkins.plugins.systemtests.jenkins.quarantine.QuarantineForm;
import java.io.IOException;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * One test of a build's run, at {@code <build>/system-tests/<run>/<index>/}: the breadcrumbs read job → build →
 * System Tests → the test, the page links to the previous and next test and to the test's line in the console, and
 * shows the test's history across the job's builds. Its status, script and output are read by the page's script.
 */
@Restricted(NoExternalUse.class)
public final class BuildTestPage implements ModelObject {
    private final Run<?, ?> build;
    private final long runId;
    /** The run's place among the build's runs, from 1: the console anchors count runs the same way. */
    private final int runOrdinal;
    private final int index;
    private final int testCount;
    private final ScriptRef test;

    /** Where the run started (its master scenario's folder: a build's workspace), to show paths as written. */
    private final String runFolder;

    BuildTestPage(Run<?, ?> build, long runId, int runOrdinal, int index, int testCount, ScriptRef test,
            String runFolder) {
        this.build = build;
        this.runId = runId;
        this.runOrdinal = runOrdinal;
        this.index = index;
        this.testCount = testCount;
        this.test = test;
        this.runFolder = runFolder;
    }

    public String getRunFolder() {
        return runFolder;
    }

    /** The breadcrumb: the test's file name, as the run page lists it. */
    @Override
    public String getDisplayName() {
        return test.fileName();
    }

    public Run<?, ?> getBuild() {
        return build;
    }

    public long getRunId() {
        return runId;
    }

    public int getIndex() {
        return index;
    }

    public String getFilePath() {
        return test.filePath();
    }

    public String getFileName() {
        return test.fileName();
    }

    /** The job whose history of this test the page shows. */
    public String getJobFullName() {
        return build.getParent().getFullName();
    }

    /** Relative to this page; null for the first test. */
    public String getPreviousUrl() {
        return index > 0 ? "../" + (index - 1) + "/" : null;
    }

    /** Relative to this page; null for the last test. */
    public String getNextUrl() {
        return index + 1 < testCount ? "../" + (index + 1) + "/" : null;
    }

    /** The test's START line in the build's full console (anchored when the console is shown). */
    public String getConsoleUrl() {
        return "../../../consoleFull#" + TestLines.anchor(runOrdinal, index);
    }

    /** The test's name in its job's quarantine and history: its path in the run's folder and its file name. */
    public String getTestId() {
        return identity().name();
    }

    private TestId identity() {
        return TestId.of(runFolder, test.filePath(), test.fileName());
    }

    /**
     * How flaky the test is across its job's last runs (flips between pass and fail, passes on retry; runs where most
     * tests failed left out). Read when the page is shown.
     */
    public FlakinessScore getFlakiness() throws IOException {
        SystemTestsService service = SystemTestsService.get();
        return service.flakiness().score(service.jobRuns(getJobFullName()), identity());
    }

    public int getMinRuns() {
        return FlakinessScore.MIN_RUNS;
    }

    /** {@code quarantine/}: the test's quarantine in its job, and its form. */
    public QuarantineForm getQuarantine() {
        return new QuarantineForm(build.getParent(), getTestId());
    }

    public int getTestCount() {
        return testCount;
    }

    /**
     * A test retried on another environment of a run that several shared: each attempt's environment, oldest first, as
     * a JSON list; null for any other test.
     */
    public String getAttemptEnvironments() {
        return SharedQueueLanes.attemptEnvironmentsJson(build, runId, index);
    }
}
