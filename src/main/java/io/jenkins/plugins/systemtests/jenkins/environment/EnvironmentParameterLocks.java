package io.jenkins.plugins.systemtests.jenkins.environment;

import hudson.Extension;
import hudson.model.AbstractBuild;
import hudson.model.ParametersAction;
import hudson.model.Project;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.listeners.RunListener;
import io.jenkins.plugins.systemtests.core.env.TestEnvironment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jenkins.plugins.lockableresources.LockableResource;
import org.jenkins.plugins.lockableresources.LockableResourcesManager;

/**
 * Locks for a starting freestyle build the environment its System Tests step takes from a build parameter, which
 * {@link EnvironmentParameterQueue} promised to it while it was queued. lockable-resources' own run listener unlocks
 * every resource of a build when it completes, this one too.
 */
@Extension
public class EnvironmentParameterLocks extends RunListener<Run<?, ?>> {
    @Override
    public void onStarted(Run<?, ?> run, TaskListener listener) {
        if (!(run instanceof AbstractBuild<?, ?> build) || !(build.getProject() instanceof Project<?, ?> project)) {
            return;
        }
        Map<String, String> parameters = null;
        for (NeedsEnvironment step : NeedsEnvironment.of(project)) {
            String field = step.getEnvironment();
            if (!EnvironmentParameters.isParameterized(field)) {
                continue;
            }
            if (parameters == null) {
                parameters = EnvironmentParameters.valuesOf(run.getAction(ParametersAction.class));
            }
            Optional<TestEnvironment> environment = EnvironmentParameters.resolve(field, parameters);
            if (environment.isPresent()) {
                lock(environment.get(), field, run, listener);
            }
        }
    }

    private static void lock(TestEnvironment environment, String field, Run<?, ?> run, TaskListener listener) {
        synchronized (LockableResourcesManager.syncResources) {
            LockableResource resource = EnvironmentResources.resource(environment);
            if (resource.getBuild() != null && run.getExternalizableId().equals(resource.getBuild().getExternalizableId())) {
                return;
            }
            String keptBy = EnvironmentParameterQueue.keptFrom(resource, run.getQueueId());
            if (keptBy != null) {
                // Only when the promise ran out while the build waited for an executor; the step then refuses to run.
                listener.getLogger().println("System Tests: test environment " + environment.id() + " (from "
                        + field + ") was taken before this build started: " + keptBy);
                return;
            }
            if (!LockableResourcesManager.get().lock(List.of(resource), run)) {
                // lockable-resources refused and logged why; the step then refuses to run unlocked
                listener.getLogger().println("System Tests: lockable-resources did not lock test environment "
                        + environment.id() + " (from " + field + ") for this build: " + resource.getLockCause());
                return;
            }
        }
        listener.getLogger().println("System Tests: locked test environment " + environment.id() + " ("
                + environment.resourceName() + ", from " + field + ") for this build");
    }
}
