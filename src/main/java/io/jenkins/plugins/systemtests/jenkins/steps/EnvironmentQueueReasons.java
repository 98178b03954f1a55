package io.jenkins.plugins.systemtests.jenkins.steps;

import hudson.Extension;
import hudson.model.Project;
import hudson.model.Queue;
import hudson.model.queue.CauseOfBlockage;
import hudson.model.queue.QueueTaskDispatcher;
import io.jenkins.plugins.systemtests.core.env.EnvironmentWait;
import io.jenkins.plugins.systemtests.core.env.TestEnvironment;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Says in the build queue why a freestyle build that names a test environment waits: which environment, since when,
 * who holds it and since when. It only speaks while the environment is held or reserved, when lockable-resources
 * keeps the build waiting anyway, so it never changes who gets the environment or when.
 */
@Extension
public class EnvironmentQueueReasons extends QueueTaskDispatcher {
    @Override
    public CauseOfBlockage canRun(Queue.Item item) {
        if (!(item.task instanceof Project<?, ?> project)) {
            return null;
        }
        for (SystemTestsBuilder builder : project.getBuildersList().getAll(SystemTestsBuilder.class)) {
            Optional<TestEnvironment> environment = parse(builder.getEnvironment());
            if (environment.isEmpty()) {
                continue;
            }
            String holder = EnvironmentResources.busyBecause(environment.get().resourceName());
            if (holder != null) {
                EnvironmentWait wait = EnvironmentWait.start(environment.get(),
                        Instant.ofEpochMilli(item.getInQueueSince()), 0);
                return new WaitingForEnvironment("System Tests: " + wait.describe(holder, Instant.now(),
                        ZoneId.systemDefault()));
            }
        }
        return null;
    }

    private static Optional<TestEnvironment> parse(String environment) {
        try {
            return TestEnvironment.parseOptional(environment);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // the build itself fails with the reason
        }
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
