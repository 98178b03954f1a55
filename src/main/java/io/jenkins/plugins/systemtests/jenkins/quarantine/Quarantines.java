package io.jenkins.plugins.systemtests.jenkins.quarantine;

import hudson.model.Job;
import io.jenkins.plugins.systemtests.core.flaky.Quarantine;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import java.io.IOException;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/** Reads and changes a job's quarantine; a change is saved with the job (its {@code config.xml}). */
@Restricted(NoExternalUse.class)
public final class Quarantines {
    private Quarantines() {
    }

    /** A change of a quarantine, which may be refused. */
    @FunctionalInterface
    public interface Change {
        Quarantine apply(Quarantine current) throws RejectedException;
    }

    public static Quarantine of(Job<?, ?> job) {
        QuarantineProperty property = job.getProperty(QuarantineProperty.class);
        return property == null ? Quarantine.EMPTY : property.quarantine();
    }

    /** Applies a change and saves the job; changes of one job are made one at a time. */
    public static Quarantine change(Job<?, ?> job, Change change) throws RejectedException, IOException {
        synchronized (job) {
            Quarantine changed = change.apply(of(job));
            QuarantineProperty property = job.getProperty(QuarantineProperty.class);
            if (property == null) {
                job.addProperty(new QuarantineProperty(changed)); // saves the job
            } else {
                property.set(changed);
                job.save(); // one save, one entry in the configuration history
            }
            return changed;
        }
    }
}
