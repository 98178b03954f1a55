package io.jenkins.plugins.systemtests.jenkins.environment;

import hudson.model.Cause;
import hudson.model.ParametersAction;
import hudson.model.Project;
import hudson.model.Queue;
import io.jenkins.plugins.systemtests.core.env.EnvironmentWait;
import io.jenkins.plugins.systemtests.core.env.QueuedBuildWait;
import io.jenkins.plugins.systemtests.core.env.TestEnvironment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The test environments a queued freestyle build waits for: one per build step naming an environment ({@link
 * NeedsEnvironment})
 * that the job's "This build requires lockable resources" names too, and one per step taking its environment from a
 * build parameter ({@code ${ENV}}, {@link EnvironmentParameters}), which the plugin queues for itself. Without either,
 * lockable-resources does not hold the build back, and the build refuses to start unlocked at once; nothing of the
 * plugin delays it.
 */
final class QueuedEnvironmentWaits {
    private QueuedEnvironmentWaits() {
    }

    static List<QueuedBuildWait> of(Queue.Item item) {
        return waits(item, false);
    }

    /** Only the waits for environments taken from the item's parameters, which the plugin itself reserves. */
    static List<QueuedBuildWait> fromParameters(Queue.Item item) {
        return waits(item, true);
    }

    private static List<QueuedBuildWait> waits(Queue.Item item, boolean parameterizedOnly) {
        if (!(item.task instanceof Project<?, ?> project)) {
            return List.of();
        }
        List<QueuedBuildWait> waits = new ArrayList<>();
        String queuedBy = queuedBy(item);
        Instant queuedSince = Instant.ofEpochMilli(item.getInQueueSince());
        Map<String, String> parameters = null;
        for (NeedsEnvironment step : NeedsEnvironment.of(project)) {
            String field = step.getEnvironment();
            Optional<TestEnvironment> needed;
            if (EnvironmentParameters.isParameterized(field)) {
                if (parameters == null) {
                    parameters = EnvironmentParameters.valuesOf(item.getAction(ParametersAction.class));
                }
                needed = EnvironmentParameters.resolve(field, parameters);
            } else {
                needed = parameterizedOnly ? Optional.empty() : queuedFor(project, field);
            }
            needed.filter(environment -> waits.stream().noneMatch(w -> w.environmentWait().environment().equals(
                    environment))).ifPresent(environment -> waits.add(QueuedBuildWait.of(item.getId(),
                    project.getFullName(), queuedBy, environment.id(), queuedSince,
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
