package io.jenkins.plugins.systemtests.jenkins.retention;

import hudson.Extension;
import hudson.model.Run;
import hudson.model.listeners.RunListener;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A build's runs live in its directory and are deleted with it (build discarder, Delete build); this makes the
 * plugin forget them at that moment, so that no list or dashboard shows a run whose files are gone.
 */
@Extension
public class BuildRunsCleanup extends RunListener<Run<?, ?>> {
    private static final Logger LOGGER = Logger.getLogger(BuildRunsCleanup.class.getName());

    @Override
    public void onDeleted(Run<?, ?> build) {
        try {
            SystemTestsService.get().ingestion().forgetRunsUnder(build.getRootDir().toPath());
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "The System Tests runs of " + build + " could not be forgotten with it", e);
        }
    }
}
