package io.jenkins.plugins.systemtests.jenkins.steps;

import hudson.AbortException;
import io.jenkins.plugins.systemtests.jenkins.environment.EnvironmentResources;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkins.plugins.lockableresources.LockableResource;
import org.jenkins.plugins.lockableresources.LockableResourcesManager;

/**
 * The environments a shared queue runs on, each with its lockable resource: listed ({@code environments: ['1', '2']},
 * IDs or names, resources made on first use as for one environment), or every resource with a label
 * ({@code environmentLabel: 'rigs'}, the resources' names as the environments).
 */
final class SharedEnvironments {
    private SharedEnvironments() {
    }

    /** @return environment to resource, in order; empty when neither is given */
    static Map<String, String> resolve(String who, String environment, List<String> environments, String label)
            throws AbortException {
        environments = environments == null ? List.of()
                : environments.stream().map(String::trim).filter(name -> !name.isEmpty()).distinct().toList();
        boolean listed = !environments.isEmpty();
        boolean labelled = label != null && !label.isBlank();
        if (!listed && !labelled) {
            return Map.of();
        }
        if (listed && labelled) {
            throw new AbortException(who + ": give environments or environmentLabel, not both");
        }
        if (environment != null && !environment.isBlank()) {
            throw new AbortException(who + ": give environment (one) or " + (listed ? "environments" : "environmentLabel")
                    + " (several sharing one queue), not both");
        }
        Map<String, String> resources = new LinkedHashMap<>();
        if (listed) {
            for (String name : environments) {
                try {
                    resources.put(name, EnvironmentResources.prepare(name));
                } catch (IllegalArgumentException e) {
                    throw new AbortException(who + ": environments: " + e.getMessage());
                }
            }
            return resources;
        }
        // Its public list, filtered here: lockable-resources keeps its label lookups to itself (access-modifier-checker).
        for (LockableResource resource : LockableResourcesManager.get().getResources()) {
            if (resource.getLabelsAsList().contains(label.trim())) {
                resources.put(resource.getName(), resource.getName());
            }
        }
        if (resources.isEmpty()) {
            throw new AbortException(who + ": environmentLabel: no lockable resource has the label '" + label.trim()
                    + "'");
        }
        return resources;
    }

    /**
     * Where the shares run: with {@code agentLabel}, on agents with that label; without, on the build's node (null).
     * The label is for several environments only: one environment runs where the build runs.
     */
    static ShareAgents agents(String who, Map<String, String> shared, String agentLabel) throws AbortException {
        if (agentLabel == null || agentLabel.isBlank()) {
            return null;
        }
        if (shared.isEmpty()) {
            throw new AbortException(who + ": agentLabel is for several environments (environments or "
                    + "environmentLabel); one environment's tests run on the build's own node");
        }
        return new ShareAgents(ShareAgents.checked(who, agentLabel.trim()));
    }
}
