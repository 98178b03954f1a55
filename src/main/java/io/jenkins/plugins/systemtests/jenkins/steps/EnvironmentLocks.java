package io.jenkins.plugins.systemtests.jenkins.steps;

import hudson.model.Run;
import io.jenkins.plugins.systemtests.core.env.TestEnvironment;
import java.util.List;
import org.jenkins.plugins.lockableresources.LockableResource;
import org.jenkins.plugins.lockableresources.LockableResourcesManager;

/**
 * The locks of a shared queue's environments, taken one by one when each is free (lockable-resources' own check:
 * neither locked nor reserved) and released each when its share ends, which hands it to the next build waiting in
 * lockable-resources' queue.
 */
final class EnvironmentLocks {
    private EnvironmentLocks() {
    }

    /** Locks the resource for the build if it is free now; true also when the build holds it already (a restart). */
    static boolean tryLock(String resourceName, Run<?, ?> build) {
        LockableResourcesManager manager = LockableResourcesManager.get();
        LockableResource resource = manager.getResources().stream()
                .filter(r -> r.getName().equals(resourceName)).findFirst().orElse(null);
        if (resource == null) {
            // An ephemeral resource of another build's lock() is removed when that build releases it: made again.
            if (resourceName.startsWith(TestEnvironment.RESOURCE_PREFIX)) {
                manager.createResourceWithLabel(resourceName, TestEnvironment.LABEL);
            }
            return false;
        }
        Run<?, ?> holder = resource.getBuild();
        if (holder != null && holder.getExternalizableId().equals(build.getExternalizableId())) {
            return true;
        }
        if (resource.isLocked() || resource.isReserved()) {
            return false; // busy: asked again at the next poll (lock() would log a warning each time)
        }
        return manager.lock(List.of(resource), build);
    }

    static void release(String resourceName, Run<?, ?> build) {
        LockableResourcesManager.get().unlockNames(List.of(resourceName), build);
    }
}
