package io.jenkins.plugins.systemtests.jenkins.results;

import hudson.model.Job;
import hudson.model.ModelObject;
import hudson.model.Run;
import io.jenkins.plugins.systemtests.core.flaky.BuildComparison;
import io.jenkins.plugins.systemtests.core.flaky.BuildOutcomes;
import io.jenkins.plugins.systemtests.core.store.RunResults;
import io.jenkins.plugins.systemtests.jenkins.Messages;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.Stapler;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * A build's new and known failures, at {@code <build>/system-tests/changes/}: against the previous build of the job
 * that has runs, or any other build of it ({@code ?compareWith=12}): new failures, failures that go on (failing since
 * #N) and fixed tests. Computed when the page is asked for, from the small results of the builds' runs.
 */
@Restricted(NoExternalUse.class)
public final class BuildChanges implements ModelObject {
    /** The builds offered to compare with, newest first. */
    static final int CANDIDATES = 50;

    private final Run<?, ?> build;

    BuildChanges(Run<?, ?> build) {
        this.build = build;
    }

    public Run<?, ?> getBuild() {
        return build;
    }

    @Override
    public String getDisplayName() {
        return Messages.buildChangesDisplayName();
    }

    /** The comparison the request asks for; null when the job has no other build with runs to compare with. */
    public BuildComparison getComparison() throws IOException {
        Run<?, ?> baseline = baseline();
        if (baseline == null) {
            return null;
        }
        RunResults.Source source = SystemTestsService.get().results();
        List<BuildOutcomes> earlier = new ArrayList<>();
        for (Run<?, ?> older = build.getPreviousBuild(); older != null
                && earlier.size() < BuildComparison.SINCE_LOOKBACK; older = older.getPreviousBuild()) {
            List<Long> runs = runIds(older);
            if (!runs.isEmpty()) {
                earlier.add(BuildOutcomes.read(older.getNumber(), runs, source));
            }
        }
        return BuildComparison.of(BuildOutcomes.read(build.getNumber(), runIds(build), source),
                BuildOutcomes.read(baseline.getNumber(), runIds(baseline), source), earlier);
    }

    /** The build asked for by {@code compareWith}, if it has runs; else the previous build with runs. */
    Run<?, ?> baseline() {
        Job<?, ?> job = build.getParent();
        StaplerRequest2 request = Stapler.getCurrentRequest2();
        String asked = request == null ? null : request.getParameter("compareWith");
        if (asked != null && asked.matches("\\d{1,9}")) {
            Run<?, ?> chosen = job.getBuildByNumber(Integer.parseInt(asked));
            if (chosen != null && chosen != build && !runIds(chosen).isEmpty()) {
                return chosen;
            }
        }
        for (Run<?, ?> older = build.getPreviousBuild(); older != null; older = older.getPreviousBuild()) {
            if (!runIds(older).isEmpty()) {
                return older;
            }
        }
        return null;
    }

    /** The number of the build compared with, for the form's choice; 0 when none. */
    public int getBaselineNumber() {
        Run<?, ?> baseline = baseline();
        return baseline == null ? 0 : baseline.getNumber();
    }

    /** The other builds of the job with runs, newest first, to compare with. */
    public List<Integer> getCandidates() {
        List<Integer> numbers = new ArrayList<>();
        for (Run<?, ?> other : build.getParent().getBuilds()) {
            if (numbers.size() == CANDIDATES) {
                break;
            }
            if (other != build && !runIds(other).isEmpty()) {
                numbers.add(other.getNumber());
            }
        }
        return numbers;
    }

    private static List<Long> runIds(Run<?, ?> run) {
        BuildRuns record = run.getAction(BuildRuns.class);
        return record == null ? List.of() : record.getRunIds();
    }
}
