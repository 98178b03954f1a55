package io.jenkins.plugins.systemtests.jenkins;

import hudson.model.InvisibleAction;
import hudson.model.Run;
import java.io.IOException;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.RunAction2;
import jenkins.util.Timer;

/**
 * What holds a running build up (its test environment is busy, its agent is out of reach), kept in its
 * {@code build.xml} and shown on the build's System Tests page while the build runs. Steps change notices from the
 * CPS thread, so nothing here waits for the disk.
 */
public abstract class BuildNotice extends InvisibleAction implements RunAction2 {
    private static final Logger LOGGER = Logger.getLogger(BuildNotice.class.getName());

    private transient Run<?, ?> build;

    /** The build's notice of this type, attached first when the build has none. */
    protected static <T extends BuildNotice> T of(Run<?, ?> build, Class<T> type, Supplier<T> create) {
        synchronized (BuildNotice.class) {
            T notice = build.getAction(type);
            if (notice == null) {
                notice = create.get();
                build.addAction(notice);
            }
            return notice;
        }
    }

    /** Saves the build on a timer thread: the caller (a Pipeline step on the CPS thread) must not wait for the disk. */
    protected static void saveLater(Run<?, ?> build) {
        Timer.get().submit(() -> {
            try {
                build.save();
            } catch (IOException e) {
                LOGGER.log(Level.WARNING, "Could not save " + build.getExternalizableId(), e);
            }
        });
    }

    /** Whether the build still runs: a notice of a build that ended (or died waiting) says nothing any more. */
    protected synchronized boolean buildIsRunning() {
        return build != null && build.isBuilding();
    }

    @Override
    public synchronized void onAttached(Run<?, ?> r) {
        build = r;
    }

    @Override
    public synchronized void onLoad(Run<?, ?> r) {
        build = r;
    }
}
