package io.jenkins.plugins.systemtests.jenkins.quarantine;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Job;
import hudson.model.JobProperty;
import hudson.model.JobPropertyDescriptor;
import io.jenkins.plugins.systemtests.core.flaky.Quarantine;
import io.jenkins.plugins.systemtests.core.flaky.QuarantineEntry;
import io.jenkins.plugins.systemtests.jenkins.Messages;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * A job's quarantined tests, kept in its {@code config.xml}: they survive restarts and every change is in the job's
 * configuration history. Changed from the test page and the REST API ({@link Quarantines}), not from the job's
 * configure form, which keeps them as they are.
 */
public final class QuarantineProperty extends JobProperty<Job<?, ?>> {
    private volatile List<QuarantinedTest> tests = new ArrayList<>();

    QuarantineProperty(Quarantine quarantine) {
        set(quarantine);
    }

    /** Replaces the entries (the caller saves the job). */
    void set(Quarantine quarantine) {
        List<QuarantinedTest> entries = new ArrayList<>();
        for (QuarantineEntry entry : quarantine.entries()) {
            entries.add(new QuarantinedTest(entry));
        }
        tests = entries;
    }

    /** The quarantine as the core reads it. */
    public Quarantine quarantine() {
        List<QuarantineEntry> entries = new ArrayList<>();
        for (QuarantinedTest test : tests) {
            entries.add(test.entry());
        }
        return new Quarantine(entries);
    }

    /** The job's configure form has no fields for the quarantine: submitting it keeps the entries as they are. */
    @Override
    public JobProperty<?> reconfigure(StaplerRequest2 req, JSONObject form) {
        return this;
    }

    protected Object readResolve() {
        if (tests == null) {
            tests = new ArrayList<>();
        }
        return this;
    }

    /** One entry as {@code config.xml} keeps it: times in ISO-8601, readable in the configuration history's diffs. */
    static final class QuarantinedTest {
        private final String testId;
        private final String owner;
        private final String reason;
        private final String expires;
        private final String addedBy;
        private final String addedAt;

        QuarantinedTest(QuarantineEntry entry) {
            testId = entry.testId();
            owner = entry.owner();
            reason = entry.reason();
            expires = entry.expires().toString();
            addedBy = entry.addedBy();
            addedAt = entry.addedAt().toString();
        }

        QuarantineEntry entry() {
            return new QuarantineEntry(testId, owner, reason, Instant.parse(expires), addedBy,
                    addedAt == null ? Instant.EPOCH : Instant.parse(addedAt));
        }
    }

    @Extension
    @Symbol("systemTestsQuarantine")
    public static final class DescriptorImpl extends JobPropertyDescriptor {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.quarantine_displayName();
        }
    }
}
