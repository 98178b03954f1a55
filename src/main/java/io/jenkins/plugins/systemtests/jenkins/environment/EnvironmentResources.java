package io.jenkins.plugins.systemtests.jenkins.environment;

import hudson.model.Job;
import hudson.model.Run;
import io.jenkins.plugins.systemtests.core.env.TestEnvironment;
import org.jenkins.plugins.lockableresources.LockableResource;
import org.jenkins.plugins.lockableresources.LockableResourcesManager;
import org.jenkins.plugins.lockableresources.RequiredResourcesProperty;

/**
 * Test environments as lockable-resources resources: {@code system-test-env-<id>} with the label
 * {@code system-test-env}, created on first use and then kept, so that they can be reserved on lockable-resources'
 * own page like any other resource.
 */
public final class EnvironmentResources {
    private EnvironmentResources() {
    }

    /**
     * Checks an environment and makes sure its resource exists; used by the {@code systemTests} DSL.
     *
     * @return the resource's name
     * @throws IllegalArgumentException with a message for the user when the environment is not valid
     */
    public static String prepare(String environment) {
        TestEnvironment parsed = TestEnvironment.parse(environment);
        LockableResourcesManager.get().createResourceWithLabel(parsed.resourceName(), TestEnvironment.LABEL);
        return parsed.resourceName();
    }

    /**
     * Whether a build holds an environment's resource. A freestyle build gets it through lockable-resources' job
     * property "This build requires lockable resources", which queues builds fairly without taking an executor.
     */
    public static boolean heldBy(String resourceName, Run<?, ?> build) {
        LockableResource resource = find(resourceName);
        Run<?, ?> holder = resource == null ? null : resource.getBuild();
        return holder != null && holder.getExternalizableId().equals(build.getExternalizableId());
    }

    /**
     * Whether a job's saved "This build requires lockable resources" names a resource, so that its builds wait for it
     * in the queue.
     */
    public static boolean requiredBy(Job<?, ?> job, TestEnvironment environment) {
        RequiredResourcesProperty property = job.getProperty(RequiredResourcesProperty.class);
        return property != null && environment.isNamedIn(property.getResourceNames());
    }

    /** Why a resource is busy (locked by which build, or reserved by whom, and since when), or null when free. */
    public static String busyBecause(String resourceName) {
        LockableResource resource = find(resourceName);
        return resource == null ? null : resource.getLockCause();
    }

    /**
     * A resource by name. lockable-resources restricts its own lookups ({@code fromName}, {@code
     * getReadOnlyResources}) to itself (access-modifier-checker), so its public list is searched; a lab has tens of
     * environments, not thousands.
     */
    private static LockableResource find(String resourceName) {
        return LockableResourcesManager.get().getResources().stream()
                .filter(resource -> resource.getName().equals(resourceName)).findFirst().orElse(null);
    }
}
