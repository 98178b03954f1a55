package io.jenkins.plugins.systemtests.jenkins;

import hudson.Extension;
import hudson.model.PeriodicWork;

/** Once a minute, ends the runs whose machine has been silent longer than the configured timeout. */
@Extension
public class SilentRunsSweeper extends PeriodicWork {
    @Override
    public long getRecurrencePeriod() {
        return MIN;
    }

    @Override
    protected void doRun() throws Exception {
        SystemTestsService.get().ingestion().endSilentRuns();
    }
}
