package io.jenkins.plugins.systemtests.jenkins.environment;

import hudson.Extension;
import hudson.model.Queue;
import hudson.model.queue.CauseOfBlockage;
import hudson.model.queue.QueueTaskDispatcher;
import io.jenkins.plugins.systemtests.core.env.EnvironmentWait;
import io.jenkins.plugins.systemtests.core.env.QueuedBuildWait;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Says in the build queue why a freestyle build that names a test environment waits: which environment, since when,
 * who holds it and since when, and when it gives up ({@link EnvironmentWaitTimeouts}). It only speaks for a job whose
 * lockable-resources job property names the environment, while the environment is held or reserved: when
 * lockable-resources keeps the build waiting anyway, so it never changes who gets the environment or when. (For an
 * environment from a build parameter, {@code ${ENV}}, the plugin itself queues the build: {@link
 * EnvironmentParameterQueue}; this gives the same reason while the environment is held.)
 */
@Extension
public class EnvironmentQueueReasons extends QueueTaskDispatcher {
    @Override
    public CauseOfBlockage canRun(Queue.Item item) {
        for (QueuedBuildWait queued : QueuedEnvironmentWaits.of(item)) {
            EnvironmentWait wait = queued.environmentWait();
            String holder = EnvironmentResources.busyBecause(wait.environment().resourceName());
            if (holder != null) {
                return new WaitingForEnvironment("System Tests: " + wait.describe(holder, Instant.now(),
                        ZoneId.systemDefault()));
            }
        }
        return null;
    }

    static final class WaitingForEnvironment extends CauseOfBlockage {
        private final String description;

        WaitingForEnvironment(String description) {
            this.description = description;
        }

        @Override
        public String getShortDescription() {
            return description;
        }
    }
}
