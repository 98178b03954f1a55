package io.jenkins.plugins.systemtests.jenkins.results;

import hudson.model.InvisibleAction;
import hudson.model.Run;
import io.jenkins.plugins.systemtests.jenkins.Messages;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.RunAction2;
import jenkins.util.Timer;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * That the agent a build's tests run on is out of reach (since when, how long the build waits for it), kept in its
 * {@code build.xml} while the build waits; the build's System Tests page shows it above the live run. Once the agent
 * is back, or the build gave up, the record stays, empty.
 */
public class AgentOfflineNotice extends InvisibleAction implements RunAction2 {
    private static final Logger LOGGER = Logger.getLogger(AgentOfflineNotice.class.getName());
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

    private String agent;
    private long sinceMillis;
    private long untilMillis;
    private transient Run<?, ?> build;

    AgentOfflineNotice() {
    }

    /** Shows that the build's agent is out of reach; never blocks the caller (the disk is written later). */
    public static void show(Run<?, ?> build, String agent, Instant since, Instant waitsUntil) {
        synchronized (AgentOfflineNotice.class) {
            AgentOfflineNotice notice = build.getAction(AgentOfflineNotice.class);
            if (notice == null) {
                notice = new AgentOfflineNotice();
                build.addAction(notice);
            }
            notice.set(agent, since.toEpochMilli(), waitsUntil.toEpochMilli());
        }
        saveLater(build);
    }

    /** The agent is back, or the build stopped waiting for it. */
    public static void clear(Run<?, ?> build) {
        AgentOfflineNotice notice = build.getAction(AgentOfflineNotice.class);
        if (notice != null && notice.isOffline()) {
            notice.set(null, 0, 0);
            saveLater(build);
        }
    }

    private static void saveLater(Run<?, ?> build) {
        Timer.get().submit(() -> {
            try {
                build.save();
            } catch (IOException e) {
                LOGGER.log(Level.WARNING, "Could not save " + build.getExternalizableId(), e);
            }
        });
    }

    private synchronized void set(String agent, long sinceMillis, long untilMillis) {
        this.agent = agent;
        this.sinceMillis = sinceMillis;
        this.untilMillis = untilMillis;
    }

    /** Whether the record says the agent is out of reach. */
    public synchronized boolean isOffline() {
        return agent != null;
    }

    /** What the page says while the agent is out of reach; null otherwise (also once the build has ended). */
    @Restricted(NoExternalUse.class)
    public synchronized String getText() {
        if (agent == null || build == null || !build.isBuilding()) {
            return null;
        }
        ZoneId zone = ZoneId.systemDefault();
        return Messages.agentOfflineNotice(agent, TIME.format(Instant.ofEpochMilli(sinceMillis).atZone(zone)),
                TIME.format(Instant.ofEpochMilli(untilMillis).atZone(zone)));
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
