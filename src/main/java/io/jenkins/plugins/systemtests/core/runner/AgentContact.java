package io.jenkins.plugins.systemtests.core.runner;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * A build's contact with the agent its tests run on, while they run detached there: a lost connection is waited out,
 * up to a limit, since the tests go on without it (the runner writes to files read on when the agent is back). Says
 * once that contact was lost and once that it is back; past the limit the build gives up on the agent.
 */
public final class AgentContact implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

    private final String agent;
    private final Duration limit;
    private Instant lostAt;

    /**
     * @param agent the agent's name, as the build log names it
     * @param limit how long the build waits for the agent to come back
     */
    public AgentContact(String agent, Duration limit) {
        if (limit.isNegative()) {
            throw new IllegalArgumentException("The wait for an agent cannot be negative: " + limit);
        }
        this.agent = agent;
        this.limit = limit;
    }

    /** The agent could not be reached: the line for the build log the first time, nothing while the wait goes on. */
    public synchronized Optional<String> lost(Instant now, ZoneId zone) {
        if (lostAt != null) {
            return Optional.empty();
        }
        lostAt = now;
        return Optional.of("System Tests: lost contact with " + agent + " at " + TIME.format(now.atZone(zone))
                + "; the tests go on there; waiting up to " + describe(limit) + " for it to come back");
    }

    /** The agent answers again: the line for the build log if contact had been lost. */
    public synchronized Optional<String> back(Instant now) {
        if (lostAt == null) {
            return Optional.empty();
        }
        Duration away = Duration.between(lostAt, now);
        lostAt = null;
        return Optional.of("System Tests: " + agent + " is back after " + describe(away.withNanos(0))
                + "; reading on where the build was");
    }

    public String agent() {
        return agent;
    }

    public Duration limit() {
        return limit;
    }

    /** Whether contact has been lost for longer than the limit. */
    public synchronized boolean expired(Instant now) {
        return lostAt != null && Duration.between(lostAt, now).compareTo(limit) > 0;
    }

    /** Since when the agent has been out of reach, while it is. */
    public synchronized Optional<Instant> lostSince() {
        return Optional.ofNullable(lostAt);
    }

    /** Why the build gave up: the reason of the run's unfinished tests and of the build's failure. */
    public synchronized String gaveUpReason(ZoneId zone) {
        return "lost contact with " + agent + (lostAt == null ? "" : " at " + TIME.format(lostAt.atZone(zone)))
                + " and it did not come back within " + describe(limit);
    }

    static String describe(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds >= 60 && seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }
}
