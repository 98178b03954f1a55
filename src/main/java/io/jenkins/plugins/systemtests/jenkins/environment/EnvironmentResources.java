package io.jenkins.plugins.systemtests.jenkins.environment;

import hudson.model.Job;
import hudson.model.Run;
import io.jenkins.plugins.systemtests.core.env.TestEnvironment;
import hudson.Util;
import hudson.model.ParametersAction;
import hudson.model.Queue;
import io.jenkins.plugins.systemtests.core.env.EnvironmentState;
import java.time.Instant;
import java.util.Date;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jenkins.model.Jenkins;
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

    /** An environment's resource, created when it does not exist yet. */
    static LockableResource resource(TestEnvironment environment) {
        LockableResource resource = find(prepare(environment.id()));
        if (resource == null) {
            throw new IllegalStateException("lockable-resources did not create " + environment.resourceName());
        }
        return resource;
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
     * Every environment a user can choose (IDs 1 to 100, then the names in use), each free or busy as lockable-resources
     * has it now: held by which build or reserved by whom, since when, and how many builds wait for it (Pipeline
     * builds in their {@code systemTests} wait and freestyle builds in the build queue).
     */
    public static List<EnvironmentState> states() {
        LockableResourcesManager manager = LockableResourcesManager.get();
        Map<String, Integer> waiting = new HashMap<>();
        EnvironmentWaitStepExecution.waitingResources().forEach(name -> waiting.merge(name, 1, Integer::sum));
        for (Queue.Item item : Jenkins.get().getQueue().getItems()) {
            Set<String> names = new HashSet<>();
            if (item.task instanceof Job<?, ?> job && job.getProperty(RequiredResourcesProperty.class) != null) {
                String property = withParameters(item, job.getProperty(RequiredResourcesProperty.class).getResourceNames());
                names.addAll(Arrays.asList(property == null ? new String[0] : property.trim().split("\\s+")));
            }
            // a freestyle step's ${ENV}, which the plugin queues for itself
            QueuedEnvironmentWaits.fromParameters(item)
                    .forEach(wait -> names.add(wait.environmentWait().environment().resourceName()));
            names.forEach(name -> waiting.merge(name, 1, Integer::sum));
        }
        Map<String, EnvironmentState> known = new HashMap<>();
        for (LockableResource resource : manager.getResources()) {
            String name = resource.getName();
            if (!name.startsWith(TestEnvironment.RESOURCE_PREFIX)) {
                continue;
            }
            String id = name.substring(TestEnvironment.RESOURCE_PREFIX.length());
            String holder = null;
            Instant since = null;
            Run<?, ?> build = resource.getBuild();
            if (build != null) {
                holder = build.getFullDisplayName();
                since = Instant.ofEpochMilli(build.getStartTimeInMillis());
            } else if (resource.isReserved() || resource.isLocked()) {
                holder = resource.isReserved() ? resource.getReservedBy() : resource.getLockCause();
            }
            Date reserved = resource.getReservedTimestamp();
            if (holder != null && reserved != null) {
                since = reserved.toInstant();
            }
            known.put(id, new EnvironmentState(id, holder, since, waiting.getOrDefault(name, 0)));
        }
        return EnvironmentState.board(known);
    }

    /** Resource names as a queued build's parameters make them: {@code system-test-env-${ENV}}. */
    private static String withParameters(Queue.Item item, String names) {
        ParametersAction parameters = item.getAction(ParametersAction.class);
        if (names == null || parameters == null) {
            return names;
        }
        return Util.replaceMacro(names, EnvironmentParameters.valuesOf(parameters));
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
