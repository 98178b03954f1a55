package io.jenkins.plugins.systemtests.jenkins.api;

import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.jenkins.ReportedBuilds;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/** Which runs the current user may read: standalone runs always, runs of a build only with read access to its job. */
final class RunVisibility {
    private RunVisibility() {
    }

    /** A predicate for one request; it remembers each job it has looked up. */
    static Predicate<RunSummary> forCurrentUser() {
        Map<String, Boolean> readableByBuildUrl = new HashMap<>();
        return summary -> summary.buildUrl() == null
                || readableByBuildUrl.computeIfAbsent(summary.buildUrl(), url -> ReportedBuilds.job(url).isPresent());
    }
}
