package io.jenkins.plugins.systemtests.jenkins.pages;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Action;
import hudson.model.Job;
import hudson.model.Run;
import io.jenkins.plugins.systemtests.jenkins.Messages;
import io.jenkins.plugins.systemtests.jenkins.PluginUrls;
import io.jenkins.plugins.systemtests.jenkins.results.BuildRunsPage;
import java.util.ArrayList;
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

    /**
     * Adds the action to jobs whose last build has system-test runs (looking at that build only), and the notice of
     * queued builds that gave up waiting for their environment to freestyle jobs that have some.
     */
    @Extension
    public static final class Factory extends TransientActionFactory<Job> {
        @Override
        public Class<Job> type() {
            return Job.class;
        }

        @NonNull
        @Override
        public Collection<? extends Action> createFor(@NonNull Job target) {
            List<Action> actions = new ArrayList<>(2);
            Run<?, ?> last = target.getLastBuild();
            if (last != null && last.getAction(BuildRunsPage.class) != null) {
                actions.add(new SystemTestsJobAction(target));
            }
            GaveUpWaitsJobAction.forJob(target).ifPresent(actions::add);
            return actions;
        }
    }
}
