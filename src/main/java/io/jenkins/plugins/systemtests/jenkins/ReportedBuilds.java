package io.jenkins.plugins.systemtests.jenkins;

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

/** The build a run names in its {@code build_url}, as the current user sees it. */
@Restricted(NoExternalUse.class)
public final class ReportedBuilds {
    private ReportedBuilds() {
    }

    /** The build, when its job exists and the current user may read it. */
    public static Optional<Run<?, ?>> find(String buildUrl) {
        if (buildUrl == null) {
            return Optional.empty();
        }
        try {
            BuildReference reference = BuildReference.parse(buildUrl, Jenkins.get().getRootUrl());
            Job<?, ?> job = Jenkins.get().getItemByFullName(reference.jobFullName(), Job.class);
            return job == null ? Optional.empty() : Optional.ofNullable(job.getBuildByNumber(reference.number()));
        } catch (RejectedException | RuntimeException e) { // RuntimeException: AccessDeniedException
            return Optional.empty();
        }
    }

    /** The build's result in a word (success, unstable, failure, aborted, not_built); empty while it has none. */
    public static Optional<String> result(String buildUrl) {
        return find(buildUrl).map(Run::getResult).map(Result::toString).map(word -> word.toLowerCase(Locale.ROOT));
    }
}
