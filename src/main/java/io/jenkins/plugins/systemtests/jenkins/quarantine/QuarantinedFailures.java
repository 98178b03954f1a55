package io.jenkins.plugins.systemtests.jenkins.quarantine;

import hudson.model.InvisibleAction;
import hudson.model.Run;
import io.jenkins.plugins.systemtests.core.flaky.QuarantinedVerdict;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The failures of quarantined tests in a build, kept in its {@code build.xml} as they were decided (a quarantine
 * changed later does not change what the build was judged by), and shown on the build's page ({@code summary.jelly}).
 */
public final class QuarantinedFailures extends InvisibleAction {
    private static final Logger LOGGER = Logger.getLogger(QuarantinedFailures.class.getName());

    private List<Failure> failures = new ArrayList<>();

    /** A quarantined test's failure in one run of the build. */
    @Restricted(NoExternalUse.class)
    public static final class Failure {
        private final long runId;
        private final String testId;
        private final String status;
        private final String owner;
        private final String reason;
        private final String expires;

        Failure(long runId, QuarantinedVerdict.Ignored ignored) {
            this.runId = runId;
            this.testId = ignored.testId();
            this.status = ignored.status().wireName();
            this.owner = ignored.entry().owner();
            this.reason = ignored.entry().reason();
            this.expires = ignored.entry().expires().toString();
        }

        public long getRunId() {
            return runId;
        }

        public String getTestId() {
            return testId;
        }

        public String getStatus() {
            return status;
        }

        public String getOwner() {
            return owner;
        }

        public String getReason() {
            return reason;
        }

        public String getExpires() {
            return expires;
        }
    }

    static void record(Run<?, ?> build, long runId, List<QuarantinedVerdict.Ignored> ignored) {
        synchronized (QuarantinedFailures.class) {
            QuarantinedFailures record = build.getAction(QuarantinedFailures.class);
            if (record == null) {
                record = new QuarantinedFailures();
                build.addAction(record);
            }
            record.add(runId, ignored);
        }
        try {
            build.save();
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "The quarantined failures of " + build.getExternalizableId()
                    + " could not be saved", e);
        }
    }

    private synchronized void add(long runId, List<QuarantinedVerdict.Ignored> ignored) {
        for (QuarantinedVerdict.Ignored each : ignored) {
            failures.add(new Failure(runId, each));
        }
    }

    @Restricted(NoExternalUse.class)
    public synchronized List<Failure> getFailures() {
        return List.copyOf(failures);
    }

    protected synchronized Object readResolve() {
        if (failures == null) {
            failures = new ArrayList<>();
        }
        return this;
    }
}
