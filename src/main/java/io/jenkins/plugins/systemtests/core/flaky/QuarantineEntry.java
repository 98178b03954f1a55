package io.jenkins.plugins.systemtests.core.flaky;

import java.time.Instant;

/**
 * One quarantined test of a job: who owns fixing it, why it is quarantined, until when, and who put it there. Past its
 * expiry it no longer applies (and is listed as expired until someone removes it).
 *
 * @param testId  the test, as {@link TestId} names it
 * @param owner   who fixes the test
 * @param reason  why it is quarantined (a ticket, a sentence)
 * @param expires when the quarantine ends by itself
 * @param addedBy the user who quarantined it
 * @param addedAt when
 */
public record QuarantineEntry(String testId, String owner, String reason, Instant expires, String addedBy,
        Instant addedAt) {
    /** Whether the quarantine still applies at {@code now}. */
    public boolean isActive(Instant now) {
        return now.isBefore(expires);
    }
}
