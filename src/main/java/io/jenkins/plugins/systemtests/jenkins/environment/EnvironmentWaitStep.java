package io.jenkins.plugins.systemtests.jenkins.environment;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.systemtests.core.env.EnvironmentWait;
import io.jenkins.plugins.systemtests.core.env.TestEnvironment;
import io.jenkins.plugins.systemtests.jenkins.StepParameters;
import java.io.Serializable;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code systemTestsEnvironmentWait(environment: '7', waitTimeoutMinutes: 30) { lock(...) { runSystemTests(...) } }}:
 * says on the console and on the build's System Tests page that the build waits for the environment, who holds it and
 * since when, and ends the wait (only the wait) with a clear failure after the timeout. {@code runSystemTests} inside
 * the body marks the end of the wait. The {@code systemTests} DSL writes this for you; the wait itself is
 * {@link EnvironmentWaitStepExecution}.
 */
public class EnvironmentWaitStep extends Step implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String environment;
    private int waitTimeoutMinutes;

    @DataBoundConstructor
    public EnvironmentWaitStep(String environment) {
        this.environment = environment;
    }

    public String getEnvironment() {
        return environment;
    }

    public int getWaitTimeoutMinutes() {
        return waitTimeoutMinutes;
    }

    /** 0 (the default) waits as long as it takes. */
    @DataBoundSetter
    public void setWaitTimeoutMinutes(int waitTimeoutMinutes) {
        this.waitTimeoutMinutes = waitTimeoutMinutes;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        try {
            TestEnvironment parsed = TestEnvironment.parse(environment);
            EnvironmentWait.limit(waitTimeoutMinutes);
            return new EnvironmentWaitStepExecution(context, parsed.id(), waitTimeoutMinutes);
        } catch (IllegalArgumentException e) {
            throw new AbortException("systemTestsEnvironmentWait: " + e.getMessage());
        }
    }

    @Extension(optional = true)
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        @Override
        public String getFunctionName() {
            return "systemTestsEnvironmentWait";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Wait for a System Tests environment, with an optional time limit";
        }

        @Override
        public boolean takesImplicitBlockArgument() {
            return true;
        }

        /** Refuses unknown parameters ({@link StepParameters}): a misspelt one would be dropped silently. */
        @Override
        public Step newInstance(Map<String, Object> arguments) throws Exception {
            StepParameters.check(getFunctionName(), arguments, StepParameters.of(EnvironmentWaitStep.class));
            return super.newInstance(arguments);
        }

        /** The systemTests DSL writes it; users rarely need it by hand. */
        @Override
        public boolean isAdvanced() {
            return true;
        }
    }
}
