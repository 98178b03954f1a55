package io.jenkins.plugins.systemtests.jenkins.results;

import io.jenkins.plugins.systemtests.core.model.RunSummary;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/** Which runs the current user may read: standalone runs always, runs of a build only with read access to its job. */
@Restricted(NoExternalUse.class)
public final class RunVisibility {
    private RunVisibility() {
    }

    /** A predicate for one request; it remembers each job it has looked up. */
    public static Predicate<RunSummary> forCurrentUser() {
        Map<String, Boolean> readableByBuildUrl = new HashMap<>();
        return summary -> summary.buildUrl() == null
                || readableByBuildUrl.computeIfAbsent(summary.buildUrl(), url -> ReportedBuilds.job(url).isPresent());
    }
}
