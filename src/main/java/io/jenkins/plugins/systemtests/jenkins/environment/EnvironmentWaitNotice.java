package io.jenkins.plugins.systemtests.jenkins.environment;

import hudson.model.Run;
import io.jenkins.plugins.systemtests.core.env.EnvironmentWait;
import io.jenkins.plugins.systemtests.core.env.TestEnvironment;
import io.jenkins.plugins.systemtests.jenkins.BuildNotice;
import java.time.Instant;
import java.time.ZoneId;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * That a build waits for a test environment (which, since when, for how long at most), kept in its {@code build.xml}
 * while {@code systemTestsEnvironmentWait} waits; its build's System Tests page shows it, with who holds the
 * environment now. Once the wait is over the record stays, empty, so the build keeps its System Tests page.
 */
public class EnvironmentWaitNotice extends BuildNotice {
    private String environment;
    private long sinceMillis;
    /** 0: no limit. */
    private int limitMinutes;

    EnvironmentWaitNotice() {
    }

    /** Shows that the build waits; never blocks the caller (a Pipeline step on the CPS thread). */
    static void show(Run<?, ?> build, String environment, long sinceMillis, int limitMinutes) {
        of(build, EnvironmentWaitNotice.class, EnvironmentWaitNotice::new).set(environment, sinceMillis, limitMinutes);
        saveLater(build);
    }

    /** The wait is over (the build got the environment, gave up or ended); never blocks the caller. */
    static void clear(Run<?, ?> build) {
        EnvironmentWaitNotice notice = build.getAction(EnvironmentWaitNotice.class);
        if (notice != null && notice.isWaiting()) {
            notice.set(null, 0, 0);
            saveLater(build);
        }
    }

    private synchronized void set(String environment, long sinceMillis, int limitMinutes) {
        this.environment = environment;
        this.sinceMillis = sinceMillis;
        this.limitMinutes = limitMinutes;
    }

    /** Whether the wait this records is still going on, as far as the record knows. */
    public synchronized boolean isWaiting() {
        return environment != null;
    }

    /**
     * What the page says while the build waits: the environment, since when, who holds it now and since when, and
     * when the wait gives up; null when it does not wait (a build that died waiting does not wait any more).
     */
    @Restricted(NoExternalUse.class)
    public String getText() {
        EnvironmentWait wait;
        synchronized (this) {
            if (environment == null || !buildIsRunning()) {
                return null;
            }
            wait = EnvironmentWait.start(new TestEnvironment(environment), Instant.ofEpochMilli(sinceMillis),
                    limitMinutes);
        }
        String holder = EnvironmentResources.busyBecause(wait.environment().resourceName());
        return wait.describe(holder, Instant.now(), ZoneId.systemDefault());
    }
}
