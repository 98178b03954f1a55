package io.jenkins.plugins.systemtests.jenkins.environment;

import hudson.model.Project;
import hudson.tasks.Builder;
import java.util.ArrayList;
import java.util.List;

/**
 * A freestyle build step that runs on a test environment, as this package's queue extensions read a job's steps:
 * its builds wait for the environment in the build queue, and give up after the step's wait timeout. The System
 * Tests builder implements it, so the queue needs to know nothing else of the step.
 */
public interface NeedsEnvironment {
    /** The test environment the step's run holds; blank for none. */
    String getEnvironment();

    /** How long a queued build waits for the environment before it leaves the queue; 0 waits as long as it takes. */
    int getWaitTimeoutMinutes();

    /** The job's build steps that need an environment, in their order. */
    static List<NeedsEnvironment> of(Project<?, ?> project) {
        List<NeedsEnvironment> steps = new ArrayList<>();
        for (Builder builder : project.getBuilders()) {
            if (builder instanceof NeedsEnvironment step) {
                steps.add(step);
            }
        }
        return steps;
    }
}
