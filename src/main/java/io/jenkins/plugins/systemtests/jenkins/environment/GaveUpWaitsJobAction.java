package io.jenkins.plugins.systemtests.jenkins.environment;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Action;
import hudson.model.InvisibleAction;
import hudson.model.Job;
import hudson.model.Project;
import io.jenkins.plugins.systemtests.core.env.EnvironmentWait;
import io.jenkins.plugins.systemtests.core.env.GaveUpWait;
import io.jenkins.plugins.systemtests.core.env.GaveUpWaits;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import jenkins.model.TransientActionFactory;

/**
 * On a freestyle job's page ({@code jobMain.jelly}), the queued builds of the last week that gave up waiting for
 * their test environment ({@link EnvironmentWaitTimeouts}): they never became builds, so this is where they show.
 * Invisible (no sidebar link, no URL).
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

    /** Offers the notice to freestyle jobs that have a record; asking costs one file-exists check per job. */
    @Extension
    public static final class Factory extends TransientActionFactory<Job> {
        @Override
        public Class<Job> type() {
            return Job.class;
        }

        @Override
        public Class<? extends Action> actionType() {
            return GaveUpWaitsJobAction.class;
        }

        @NonNull
        @Override
        public Collection<? extends Action> createFor(@NonNull Job target) {
            if (!(target instanceof Project<?, ?>)) {
                return List.of();
            }
            GaveUpWaits waits = GaveUpWaits.inJobDirectory(target.getRootDir().toPath());
            return waits.isEmpty() ? List.of() : List.of(new GaveUpWaitsJobAction(waits));
        }
    }
}
