package io.jenkins.plugins.systemtests.jenkins.results;

import hudson.model.Job;
import hudson.model.Result;
import hudson.model.Run;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import io.jenkins.plugins.systemtests.core.store.BuildReference;
import java.util.Locale;
import java.util.Optional;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/** The build a run names in its {@code build_url}, and its job, as the current user sees them. */
@Restricted(NoExternalUse.class)
public final class ReportedBuilds {
    private ReportedBuilds() {
    }

    /** The job of a build URL, when it exists and the current user may read it. */
    public static Optional<Job<?, ?>> job(String buildUrl) {
        if (buildUrl == null) {
            return Optional.empty();
        }
        try {
            return job(BuildReference.parse(buildUrl, Jenkins.get().getRootUrl()));
        } catch (RejectedException | RuntimeException e) { // not a build URL, or no Jenkins root to read it against
            return Optional.empty();
        }
    }

    /** The referenced build's job, when it exists and the current user may read it. */
    static Optional<Job<?, ?>> job(BuildReference reference) {
        try {
            // Null when the job does not exist or the user may not read it.
            return Optional.ofNullable(Jenkins.get().getItemByFullName(reference.jobFullName(), Job.class));
        } catch (RuntimeException e) { // AccessDeniedException: visible, but not readable
            return Optional.empty();
        }
    }

    /** The build, when its job exists and the current user may read it. */
    public static Optional<Run<?, ?>> find(String buildUrl) {
        if (buildUrl == null) {
            return Optional.empty();
        }
        try {
            BuildReference reference = BuildReference.parse(buildUrl, Jenkins.get().getRootUrl());
            return job(reference).map(job -> job.getBuildByNumber(reference.number()));
        } catch (RejectedException | RuntimeException e) { // as for job(): no build to show
            return Optional.empty();
        }
    }

    /** The build's result in a word (success, unstable, failure, aborted, not_built); empty while it has none. */
    public static Optional<String> result(String buildUrl) {
        return find(buildUrl).flatMap(ReportedBuilds::result);
    }

    /** A build's result in the read API's word; empty while it has none. */
    public static Optional<String> result(Run<?, ?> build) {
        return Optional.ofNullable(build.getResult()).map(Result::toString).map(word -> word.toLowerCase(Locale.ROOT));
    }
}
