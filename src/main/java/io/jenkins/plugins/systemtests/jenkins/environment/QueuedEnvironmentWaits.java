package io.jenkins.plugins.systemtests.jenkins.environment;

import hudson.model.Cause;
import hudson.model.Project;
import hudson.model.Queue;
import io.jenkins.plugins.systemtests.core.env.EnvironmentWait;
import io.jenkins.plugins.systemtests.core.env.QueuedBuildWait;
import io.jenkins.plugins.systemtests.core.env.TestEnvironment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The test environments a queued freestyle build waits for: one per build step naming an environment ({@link
 * NeedsEnvironment})
 * that the job's "This build requires lockable resources" names too. Without that, lockable-resources does not hold
 * the build back, and the build refuses to start unlocked at once; nothing of the plugin delays it.
 */
final class QueuedEnvironmentWaits {
    private QueuedEnvironmentWaits() {
    }

    static List<QueuedBuildWait> of(Queue.Item item) {
        if (!(item.task instanceof Project<?, ?> project)) {
            return List.of();
        }
        List<QueuedBuildWait> waits = new ArrayList<>();
        String queuedBy = queuedBy(item);
        Instant queuedSince = Instant.ofEpochMilli(item.getInQueueSince());
        for (NeedsEnvironment step : NeedsEnvironment.of(project)) {
            queuedFor(project, step.getEnvironment()).ifPresent(environment -> waits.add(QueuedBuildWait.of(
                    item.getId(), project.getFullName(), queuedBy, environment.id(), queuedSince,
                    validLimit(step.getWaitTimeoutMinutes()))));
        }
        return waits;
    }

    /** The step's environment when it is valid and the job's lockable-resources property names it. */
    private static Optional<TestEnvironment> queuedFor(Project<?, ?> project, String environment) {
        try {
            return TestEnvironment.parseOptional(environment).filter(e -> EnvironmentResources.requiredBy(project, e));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // the build itself fails with the reason
        }
    }

    private static int validLimit(int waitTimeoutMinutes) {
        try {
            EnvironmentWait.limit(waitTimeoutMinutes);
            return waitTimeoutMinutes;
        } catch (IllegalArgumentException e) {
            return 0; // refused by the form; a hand-edited job waits as long as it takes rather than not at all
        }
    }

    private static String queuedBy(Queue.Item item) {
        String causes = item.getCauses().stream().map(Cause::getShortDescription).collect(Collectors.joining("; "));
        return causes.isEmpty() ? "queue item " + item.getId() : causes;
    }
}
