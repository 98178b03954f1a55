package io.jenkins.plugins.systemtests.jenkins.pages;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Action;
import hudson.model.Job;
import hudson.model.Run;
import io.jenkins.plugins.systemtests.core.flaky.JobFlakiness;
import io.jenkins.plugins.systemtests.jenkins.Messages;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import java.io.IOException;
import io.jenkins.plugins.systemtests.jenkins.PluginUrls;
import io.jenkins.plugins.systemtests.jenkins.quarantine.JobQuarantine;
import io.jenkins.plugins.systemtests.jenkins.results.BuildRunsPage;
import java.util.Collection;
import java.util.List;
import jenkins.model.TransientActionFactory;

/**
 * "System Tests" on a job whose last build ran system tests: the trend of its runs and any test's history across
 * builds, read in windows from the history API ({@code job-history.js}).
 */
public class SystemTestsJobAction implements Action {
    private final Job<?, ?> job;

    SystemTestsJobAction(Job<?, ?> job) {
        this.job = job;
    }

    public Job<?, ?> getJob() {
        return job;
    }

    /** {@code quarantine/}: the job's quarantined tests, and the end of a quarantine. */
    public JobQuarantine getQuarantine() {
        return new JobQuarantine(job);
    }

    /** How many of the flakiest tests the page lists. */
    static final int FLAKIEST = 10;

    /** The job's flakiest tests, highest score first; read when the page is shown. */
    public List<JobFlakiness.TestScore> getFlakiest() throws IOException {
        SystemTestsService service = SystemTestsService.get();
        return service.flakiness().flakiest(service.jobRuns(job.getFullName()), FLAKIEST);
    }

    @Override
    public String getIconFileName() {
        return PluginUrls.ICON;
    }

    @Override
    public String getDisplayName() {
        return Messages.pluginDisplayName();
    }

    @Override
    public String getUrlName() {
        return PluginUrls.URL_NAME;
    }

    /** Adds the action to jobs whose last build has a System Tests page (looking at that build only). */
    @Extension
    public static final class Factory extends TransientActionFactory<Job> {
        @Override
        public Class<Job> type() {
            return Job.class;
        }

        @Override
        public Class<? extends Action> actionType() {
            return SystemTestsJobAction.class;
        }

        @NonNull
        @Override
        public Collection<? extends Action> createFor(@NonNull Job target) {
            Run<?, ?> last = target.getLastBuild();
            return last != null && last.getAction(BuildRunsPage.class) != null ? List.of(new SystemTestsJobAction(target))
                    : List.of();
        }
    }
}
