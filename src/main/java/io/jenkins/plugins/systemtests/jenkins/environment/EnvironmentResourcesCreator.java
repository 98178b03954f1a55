package io.jenkins.plugins.systemtests.jenkins.environment;

import hudson.Extension;
import hudson.model.Item;
import hudson.model.Project;
import hudson.model.listeners.ItemListener;
import io.jenkins.plugins.systemtests.core.env.TestEnvironment;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;

/**
 * Creates the lockable resource of every test environment that a freestyle job's build steps name ({@link
 * NeedsEnvironment}), when the job is
 * created, saved or loaded, so that lockable-resources' job property can queue builds for it from the first build.
 */
@Extension
public class EnvironmentResourcesCreator extends ItemListener {
    private static final Logger LOGGER = Logger.getLogger(EnvironmentResourcesCreator.class.getName());

    @Override
    public void onCreated(Item item) {
        createFor(item);
    }

    @Override
    public void onUpdated(Item item) {
        createFor(item);
    }

    @Override
    public void onLoaded() {
        for (Project<?, ?> project : Jenkins.get().getAllItems(Project.class)) {
            createFor(project);
        }
    }

    private static void createFor(Item item) {
        if (!(item instanceof Project<?, ?> project)) {
            return;
        }
        for (NeedsEnvironment step : NeedsEnvironment.of(project)) {
            String environment = step.getEnvironment();
            if (TestEnvironment.problemWith(environment, false).isPresent() || environment.isBlank()) {
                continue; // the form said what is wrong; the build says it again
            }
            try {
                EnvironmentResources.prepare(environment);
            } catch (RuntimeException e) {
                LOGGER.log(Level.WARNING, "The lockable resource of test environment " + environment + " could not be "
                        + "created", e);
            }
        }
    }
}
