package io.jenkins.plugins.systemtests.core.model;

import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import java.time.Instant;
import java.util.Map;

/**
 * What lists and trends need of a run, small enough to keep for every run in memory.
 *
 * @param counts    tests per status, every status present
 * @param endReason why the run was ended early, or null
 * @param flaky     how many tests passed (or warned) after a failed or errored attempt; they count in {@code counts}
 *                  by their status
 */
public record RunSummary(long id, String machineName, String buildUrl, TestStatus status, boolean ongoing,
        int testCount, Map<TestStatus, Integer> counts, Instant createdAt, Instant lastActivity,
        EndReason endReason, String environment, String startedBy, int flaky) {
    public RunSummary {
        counts = Map.copyOf(counts);
    }

    public RunSummary(long id, String machineName, String buildUrl, TestStatus status, boolean ongoing,
            int testCount, Map<TestStatus, Integer> counts, Instant createdAt, Instant lastActivity,
            EndReason endReason, String environment, String startedBy) {
        this(id, machineName, buildUrl, status, ongoing, testCount, counts, createdAt, lastActivity, endReason,
                environment, startedBy, 0);
    }

    /** How the run went, in a word for lists: running, success (passed, warned or skipped), failed, cancelled or unknown. */
    public String outcome() {
        if (ongoing) {
            return "running";
        }
        if (status.isSuccess()) {
            return "success";
        }
        return switch (status) {
            case FAILED, ERROR -> "failed";
            case CANCELLED -> "cancelled";
            default -> "unknown";
        };
    }
}
