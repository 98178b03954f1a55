package io.jenkins.plugins.systemtests.jenkins.retention;

import hudson.Extension;
import hudson.model.AsyncPeriodicWork;
import hudson.model.TaskListener;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import java.util.concurrent.TimeUnit;

/**
 * Every hour, removes the runs of no build that the retention settings no longer keep (Manage Jenkins → System →
 * System Tests: days to keep, runs to keep per machine). A build's runs go with the build ({@link BuildRunsCleanup}).
 */
@Extension
public class RunRetention extends AsyncPeriodicWork {
    public RunRetention() {
        super("System Tests run retention");
    }

    @Override
    public long getRecurrencePeriod() {
        return TimeUnit.HOURS.toMillis(1);
    }

    @Override
    public long getInitialDelay() {
        return TimeUnit.MINUTES.toMillis(5);
    }

    @Override
    protected void execute(TaskListener listener) throws java.io.IOException {
        int removed = SystemTestsService.get().ingestion().applyRetention();
        if (removed > 0) {
            listener.getLogger().println("Removed " + removed + " System Tests runs that the retention settings no longer keep");
        }
    }
}
