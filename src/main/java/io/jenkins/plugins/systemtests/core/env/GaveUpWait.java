package io.jenkins.plugins.systemtests.core.env;

import java.time.Instant;

/**
 * A queued build that gave up waiting for its test environment and left the queue: what the job's page shows in
 * place of the build that never ran.
 *
 * @param holder who held the environment when the build gave up (lockable-resources' words)
 * @param message the whole explanation, as the page and the log say it
 */
public record GaveUpWait(String job, long queueId, String environment, String resourceName, String queuedBy,
        Instant queuedSince, Instant gaveUpAt, long waitTimeoutMinutes, String holder, String message) {
}
