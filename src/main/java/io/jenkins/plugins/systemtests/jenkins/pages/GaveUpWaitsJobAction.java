package io.jenkins.plugins.systemtests.jenkins.pages;

import hudson.Util;
import hudson.model.InvisibleAction;
import hudson.model.Job;
import hudson.model.Project;
import io.jenkins.plugins.systemtests.core.env.EnvironmentWait;
import io.jenkins.plugins.systemtests.core.env.GaveUpWait;
import io.jenkins.plugins.systemtests.core.env.GaveUpWaits;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * On a freestyle job's page ({@code jobMain.jelly}), the queued builds of the last week that gave up waiting for
 * their test environment ({@link io.jenkins.plugins.systemtests.jenkins.steps.EnvironmentWaitTimeouts}): they never
 * became builds, so this is where they show. Invisible (no sidebar link, no URL); offered by
 * {@link SystemTestsJobAction.Factory}.
 */
public class GaveUpWaitsJobAction extends InvisibleAction {
    static final Duration SHOWN_FOR = Duration.ofDays(7);
    static final int SHOWN_AT_MOST = 5;

    private final GaveUpWaits waits;

    GaveUpWaitsJobAction(GaveUpWaits waits) {
        this.waits = waits;
    }

    /** One line of the notice: when, as Jenkins says it ("3 min 4 sec" ago, the exact time on hover), and what. */
    public static final class Line {
        private final Instant when;
        private final String message;

        Line(GaveUpWait gaveUp) {
            this.when = gaveUp.gaveUpAt();
            this.message = gaveUp.message();
        }

        /** How long ago, as Jenkins prints a time span. */
        public String getAgo() {
            return Util.getTimeSpanString(Math.max(0, Duration.between(when, Instant.now()).toMillis()));
        }

        /** The exact moment, on the controller's clock. */
        public String getExact() {
            return EnvironmentWait.clock(when, ZoneId.systemDefault());
        }

        /** For the {@code <time>} element. */
        public String getIso() {
            return when.toString();
        }

        public String getMessage() {
            return message;
        }
    }

    /** The newest first; empty when there are none this week. */
    public List<Line> getRecent() {
        return waits.since(Instant.now().minus(SHOWN_FOR)).stream().limit(SHOWN_AT_MOST).map(Line::new).toList();
    }

    /** For freestyle jobs that have a record; asking costs one file-exists check per job. */
    static Optional<GaveUpWaitsJobAction> forJob(Job<?, ?> job) {
        if (!(job instanceof Project<?, ?>)) {
            return Optional.empty();
        }
        GaveUpWaits waits = GaveUpWaits.inJobDirectory(job.getRootDir().toPath());
        return waits.isEmpty() ? Optional.empty() : Optional.of(new GaveUpWaitsJobAction(waits));
    }
}
