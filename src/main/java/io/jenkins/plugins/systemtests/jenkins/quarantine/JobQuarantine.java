package io.jenkins.plugins.systemtests.jenkins.quarantine;

import hudson.model.Item;
import hudson.model.Job;
import io.jenkins.plugins.systemtests.core.flaky.QuarantineEntry;
import io.jenkins.plugins.systemtests.jenkins.PluginUrls;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.interceptor.RequirePOST;

/**
 * The job's quarantined tests on its System Tests page ({@code list.jelly}): who, why, until when, expired ones marked
 * as no longer applied; at {@code <job>/system-tests/quarantine/remove} a user who may configure the job ends one.
 */
@Restricted(NoExternalUse.class)
public final class JobQuarantine {
    private final Job<?, ?> job;

    public JobQuarantine(Job<?, ?> job) {
        this.job = job;
    }

    /** One line of the list. */
    public record Line(QuarantineEntry entry, boolean active) {
    }

    public List<Line> getLines() {
        Instant now = Instant.now();
        return Quarantines.of(job).entries().stream().map(e -> new Line(e, e.isActive(now))).toList();
    }

    /** Where {@code End quarantine} posts, from any page of the job. */
    public String getRemoveUrl() {
        return job.getUrl() + PluginUrls.URL_NAME + "/quarantine/remove";
    }

    public boolean isConfigurable() {
        return job.hasPermission(Item.CONFIGURE);
    }

    /** {@code POST <job>/system-tests/quarantine/remove?testId=}: ends a quarantine, back to the job's page. */
    @RequirePOST
    public HttpResponse doRemove(@QueryParameter String testId) throws IOException {
        return QuarantineAnswers.orError(job, () -> {
            Quarantines.change(job, q -> q.remove(testId));
            return HttpResponses.redirectTo("..");
        });
    }
}
