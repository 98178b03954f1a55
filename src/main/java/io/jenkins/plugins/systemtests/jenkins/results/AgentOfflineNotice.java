package io.jenkins.plugins.systemtests.jenkins.results;

import hudson.model.Run;
import io.jenkins.plugins.systemtests.jenkins.BuildNotice;
import io.jenkins.plugins.systemtests.jenkins.Messages;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * That the agent a build's tests run on is out of reach (since when, how long the build waits for it), kept in its
 * {@code build.xml} while the build waits; the build's System Tests page shows it above the live run. Once the agent
 * is back, or the build gave up, the record stays, empty.
 */
public class AgentOfflineNotice extends BuildNotice {
    /**
     * The response header of a build's run delta ({@code api/v1/runs/<id>/delta}) carrying the notice, URI-encoded
     * UTF-8, while the build's agent is out of reach; absent otherwise. The run page shows it live from there.
     */
    public static final String HEADER = "X-System-Tests-Agent-Offline";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

    private String agent;
    private long sinceMillis;
    private long untilMillis;

    AgentOfflineNotice() {
    }

    /** Shows that the build's agent is out of reach; never blocks the caller (the disk is written later). */
    public static void show(Run<?, ?> build, String agent, Instant since, Instant waitsUntil) {
        of(build, AgentOfflineNotice.class, AgentOfflineNotice::new)
                .set(agent, since.toEpochMilli(), waitsUntil.toEpochMilli());
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

    /** What the build's page says about its agent now; null when nothing (the agent answers, or the build ended). */
    @Restricted(NoExternalUse.class)
    public static String textOf(Run<?, ?> build) {
        AgentOfflineNotice notice = build.getAction(AgentOfflineNotice.class);
        return notice == null ? null : notice.getText();
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
        if (agent == null || !buildIsRunning()) {
            return null;
        }
        ZoneId zone = ZoneId.systemDefault();
        return Messages.agentOfflineNotice(agent, TIME.format(Instant.ofEpochMilli(sinceMillis).atZone(zone)),
                TIME.format(Instant.ofEpochMilli(untilMillis).atZone(zone)));
    }
}
