package io.jenkins.plugins.systemtests.jenkins.api;

import hudson.model.Job;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import io.jenkins.plugins.systemtests.core.store.BuildReference;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import jenkins.model.Jenkins;

/** Which runs the current user may read: standalone runs always, runs of a build only with read access to its job. */
final class RunVisibility {
    private RunVisibility() {
    }

    /** A predicate for one request; it remembers each job it has looked up. */
    static Predicate<RunSummary> forCurrentUser() {
        Map<String, Boolean> readableByBuildUrl = new HashMap<>();
        return summary -> summary.buildUrl() == null
                || readableByBuildUrl.computeIfAbsent(summary.buildUrl(), RunVisibility::canReadJobOf);
    }

    private static boolean canReadJobOf(String buildUrl) {
        try {
            BuildReference build = BuildReference.parse(buildUrl, Jenkins.get().getRootUrl());
            // Null when the job does not exist or the user may not read it.
            return Jenkins.get().getItemByFullName(build.jobFullName(), Job.class) != null;
        } catch (RejectedException | RuntimeException e) { // RuntimeException: AccessDeniedException
            return false;
        }
    }
}
