package io.jenkins.plugins.systemtests.jenkins;

import hudson.model.Run;
import io.jenkins.plugins.systemtests.core.api.RunViews;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.RunAction2;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * "System Tests" on a build that received machine runs, at {@code <build>/system-tests/}. Only the run ids are kept
 * in {@code build.xml}; the runs themselves live in the store, in this build's directory.
 */
public class SystemTestsRunAction implements RunAction2 {
    private static final Logger LOGGER = Logger.getLogger(SystemTestsRunAction.class.getName());

    private List<Long> runIds = new ArrayList<>();
    private transient Run<?, ?> build;

    SystemTestsRunAction() {
    }

    /** Shows a run on a build, adding the action on the build's first run. */
    static void attach(Run<?, ?> build, long runId) {
        synchronized (SystemTestsRunAction.class) {
            SystemTestsRunAction action = build.getAction(SystemTestsRunAction.class);
            if (action == null) {
                action = new SystemTestsRunAction();
                action.add(runId);
                build.addAction(action);
            } else {
                action.add(runId);
            }
        }
        try {
            build.save();
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Run " + runId + " could not be recorded on " + build.getExternalizableId(), e);
        }
    }

    private synchronized void add(long runId) {
        runIds.add(runId);
    }

    /** Fills in what an older or hand-edited build.xml lacks. */
    protected Object readResolve() {
        if (runIds == null) {
            runIds = new ArrayList<>();
        }
        return this;
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        build = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        build = r;
    }

    public Run<?, ?> getRun() {
        return build;
    }

    @Override
    public String getIconFileName() {
        return SystemTestsRootAction.ICON;
    }

    @Override
    public String getDisplayName() {
        return Messages.pluginDisplayName();
    }

    @Override
    public String getUrlName() {
        return SystemTestsRootAction.URL_NAME;
    }

    public synchronized List<Long> getRunIds() {
        return List.copyOf(runIds);
    }

    /** The runs' trees, newest first, as the read API serves them. */
    @Restricted(NoExternalUse.class)
    public List<Map<String, Object>> getRuns() throws IOException {
        List<Long> ids = getRunIds();
        List<Map<String, Object>> trees = new ArrayList<>();
        for (int i = ids.size() - 1; i >= 0; i--) {
            SystemTestsService.get().ingestion().read(ids.get(i), RunViews::tree).ifPresent(trees::add);
        }
        return trees;
    }
}
