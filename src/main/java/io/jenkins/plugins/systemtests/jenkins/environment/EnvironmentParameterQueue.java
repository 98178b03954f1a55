package io.jenkins.plugins.systemtests.jenkins.environment;

import hudson.Extension;
import hudson.model.Queue;
import hudson.model.queue.CauseOfBlockage;
import hudson.model.queue.QueueTaskDispatcher;
import io.jenkins.plugins.systemtests.core.env.EnvironmentWait;
import io.jenkins.plugins.systemtests.core.env.QueuedBuildWait;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.jenkins.plugins.lockableresources.LockableResource;
import org.jenkins.plugins.lockableresources.LockableResourcesManager;

/**
 * Queues a freestyle build whose System Tests step takes its environment from a build parameter ({@code ${ENV}}) for
 * that environment, as lockable-resources' job property does for a fixed one: while the environment is locked,
 * reserved or promised to another queued build, the build waits in the queue (no executor taken) and the queue says
 * who holds it; once it is free, it is promised to this build (lockable-resources' "queued" state, which its own
 * dispatcher and the Pipeline {@code lock} respect) and the build may leave the queue. {@link EnvironmentParameterLocks}
 * then locks it for the build as it starts; lockable-resources unlocks it when the build completes.
 */
@Extension
public class EnvironmentParameterQueue extends QueueTaskDispatcher {
    @Override
    public CauseOfBlockage canRun(Queue.Item item) {
        List<QueuedBuildWait> waits = QueuedEnvironmentWaits.fromParameters(item);
        if (waits.isEmpty()) {
            return null;
        }
        // lockable-resources changes its resources under this lock: nothing takes one between the check and the promise
        synchronized (LockableResourcesManager.syncResources) {
            List<LockableResource> promised = new ArrayList<>();
            for (QueuedBuildWait queued : waits) {
                EnvironmentWait wait = queued.environmentWait();
                LockableResource resource = EnvironmentResources.resource(wait.environment());
                String holder = keptFrom(resource, item.getId());
                if (holder != null) {
                    return new EnvironmentQueueReasons.WaitingForEnvironment("System Tests: "
                            + wait.describe(holder, Instant.now(), ZoneId.systemDefault()));
                }
                promised.add(resource);
            }
            // renewed on every check, as lockable-resources forgets a promise after a minute
            promised.forEach(resource -> resource.setQueued(item.getId(), item.task.getFullDisplayName()));
        }
        return null;
    }

    /** Who keeps the environment from this queued build (its lock, reservation or another build's promise), or null. */
    static String keptFrom(LockableResource resource, long queueItemId) {
        if (resource.isLocked() || resource.isReserved()) {
            return resource.getLockCause();
        }
        if (resource.isQueued(queueItemId)) { // lockable-resources' word for "queued for another item than this one"
            return "[" + resource.getName() + "] is promised to a queued build of " + resource.getQueueItemProject();
        }
        return null;
    }
}
