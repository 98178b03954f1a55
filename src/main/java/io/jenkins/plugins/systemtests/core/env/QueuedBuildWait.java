package io.jenkins.plugins.systemtests.core.env;

import java.time.Instant;
import java.util.Optional;

/**
 * A build that waits in the build queue for its test environment, with a limit on the wait. Freestyle builds wait
 * there (lockable-resources keeps them blocked) before any build exists, so giving up means taking the item out of
 * the queue and saying why on the job's page.
 *
 * @param queueId the queue item's id
 * @param job the job's full name
 * @param queuedBy what queued it (the item's causes), for the record
 */
public record QueuedBuildWait(long queueId, String job, String queuedBy, EnvironmentWait environmentWait) {
    /**
     * @throws IllegalArgumentException when the environment or the limit is not valid
     */
    public static QueuedBuildWait of(long queueId, String job, String queuedBy, String environment,
            Instant queuedSince, int waitTimeoutMinutes) {
        return new QueuedBuildWait(queueId, job, queuedBy,
                EnvironmentWait.start(TestEnvironment.parse(environment), queuedSince, waitTimeoutMinutes));
    }

    /**
     * Whether the build gives up now: only when its limit has passed and the environment is still held, so that a
     * build that is about to get a just-freed environment keeps it.
     *
     * @param holder lockable-resources' description of who holds the environment; null when it is free
     */
    public Optional<GaveUpWait> giveUp(String holder, Instant now) {
        if (holder == null || !environmentWait.isOver(now)) {
            return Optional.empty();
        }
        TestEnvironment environment = environmentWait.environment();
        return Optional.of(new GaveUpWait(job, queueId, environment.id(), environment.resourceName(), queuedBy,
                environmentWait.since(), now, environmentWait.limit().orElseThrow().toMinutes(), holder,
                "The queued build (" + queuedBy + ") was taken out of the queue: " + environmentWait.timedOut(holder)));
    }
}
