package io.jenkins.plugins.systemtests.jenkins.quarantine;

import hudson.model.Item;
import hudson.model.Job;
import hudson.model.User;
import io.jenkins.plugins.systemtests.core.flaky.Quarantine;
import io.jenkins.plugins.systemtests.core.flaky.QuarantineEntry;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import java.io.IOException;
import java.time.Instant;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.interceptor.RequirePOST;

/**
 * A test's quarantine on its test page ({@code <test>/quarantine/}): its entry, and the form that quarantines it or
 * ends its quarantine, for users who may configure the job. Refusals are answered as the API answers them
 * ({@link QuarantineAnswers}).
 */
@Restricted(NoExternalUse.class)
public final class QuarantineForm {
    private final Job<?, ?> job;
    private final String testId;

    public QuarantineForm(Job<?, ?> job, String testId) {
        this.job = job;
        this.testId = testId;
    }

    public String getTestId() {
        return testId;
    }

    /** The test's entry, expired or not; null when it is not quarantined. */
    public QuarantineEntry getEntry() {
        return Quarantines.of(job).find(testId).orElse(null);
    }

    public boolean isActive() {
        QuarantineEntry entry = getEntry();
        return entry != null && entry.isActive(Instant.now());
    }

    public boolean isConfigurable() {
        return job.hasPermission(Item.CONFIGURE);
    }

    public long getDefaultDays() {
        return Quarantine.DEFAULT_LENGTH.toDays();
    }

    public long getMaxDays() {
        return Quarantine.MAX_LENGTH.toDays();
    }

    /** {@code POST <test>/quarantine/add}: quarantines the test (again) and returns to the test page. */
    @RequirePOST
    public HttpResponse doAdd(@QueryParameter String owner, @QueryParameter String reason, @QueryParameter String days)
            throws IOException {
        return QuarantineAnswers.orError(job, () -> {
            Instant now = Instant.now();
            Instant expires = Quarantine.expiryInDays(days, now);
            Quarantines.change(job, q -> q.add(testId, owner, reason, expires, currentUser(), now));
            return HttpResponses.redirectTo("..");
        });
    }

    /** {@code POST <test>/quarantine/remove}: ends the test's quarantine and returns to the test page. */
    @RequirePOST
    public HttpResponse doRemove() throws IOException {
        return QuarantineAnswers.orError(job, () -> {
            Quarantines.change(job, q -> q.remove(testId));
            return HttpResponses.redirectTo("..");
        });
    }

    static String currentUser() {
        User user = User.current();
        return user == null ? "anonymous" : user.getId();
    }

    /** What a change answers once made. */
    @FunctionalInterface
    interface Answer {
        HttpResponse get() throws RejectedException, IOException;
    }
}
