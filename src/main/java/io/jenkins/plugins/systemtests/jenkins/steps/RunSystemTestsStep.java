package io.jenkins.plugins.systemtests.jenkins.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import io.jenkins.plugins.systemtests.core.runner.RunSettings;
import io.jenkins.plugins.systemtests.jenkins.Messages;
import io.jenkins.plugins.systemtests.jenkins.StepParameters;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

/**
 * {@code runSystemTests(tests: ['scenarios/master.py'], timeoutMinutes: 10)}: runs Python system tests on the current
 * node and returns a summary map (counts per status, {@code status}, {@code result}, {@code runId}, {@code url}).
 * {@code tests} is a list, or a string with one test per line. The run itself is {@link RunSystemTestsStepExecution}.
 */
public class RunSystemTestsStep extends Step implements Serializable, RunOptions {
    private static final long serialVersionUID = 1L;

    private final String tests;
    private String environment = DEFAULT_ENVIRONMENT;
    private String python = DEFAULT_PYTHON;
    private int timeoutMinutes = DEFAULT_TIMEOUT_MINUTES;
    private String junitXml = DEFAULT_JUNIT_XML;
    private String unstableOn = DEFAULT_UNSTABLE_ON;
    private String failureOn = DEFAULT_FAILURE_ON;
    private String requirements = DEFAULT_REQUIREMENTS;
    private int retries = DEFAULT_RETRIES;
    private String retryOn = DEFAULT_RETRY_ON;
    private List<TestCredentials> credentials = new ArrayList<>();
    /** Several environments sharing one queue (IDs or names); empty for none. */
    private List<String> environments = new ArrayList<>();
    /** Every lockable resource with this label, as environments sharing one queue; blank for none. */
    private String environmentLabel = "";
    /** With several environments: each share runs on an agent with this label; blank: on the build's node. */
    private String agentLabel = "";

    @DataBoundConstructor
    public RunSystemTestsStep(String tests) {
        this.tests = tests;
    }

    public String getTests() {
        return tests;
    }

    public String getEnvironment() {
        return environment;
    }

    @DataBoundSetter
    public void setEnvironment(String environment) {
        this.environment = RunOptions.trimmed(environment);
    }

    public String getPython() {
        return python;
    }

    @DataBoundSetter
    public void setPython(String python) {
        this.python = python;
    }

    public int getTimeoutMinutes() {
        return timeoutMinutes;
    }

    @DataBoundSetter
    public void setTimeoutMinutes(int timeoutMinutes) {
        this.timeoutMinutes = timeoutMinutes;
    }

    public String getJunitXml() {
        return junitXml;
    }

    @DataBoundSetter
    public void setJunitXml(String junitXml) {
        this.junitXml = junitXml;
    }

    public String getUnstableOn() {
        return unstableOn;
    }

    @DataBoundSetter
    public void setUnstableOn(String unstableOn) {
        this.unstableOn = unstableOn;
    }

    public String getFailureOn() {
        return failureOn;
    }

    @DataBoundSetter
    public void setFailureOn(String failureOn) {
        this.failureOn = failureOn;
    }

    public String getRequirements() {
        return requirements;
    }

    /** A workspace file of requirements: the tests then run in a virtual environment made for it. */
    @DataBoundSetter
    public void setRequirements(String requirements) {
        this.requirements = RunOptions.trimmed(requirements);
    }

    public int getRetries() {
        return retries;
    }

    /** How many times a failed or errored test runs again (0: never); one that passes on a retry is flaky. */
    @DataBoundSetter
    public void setRetries(int retries) {
        this.retries = retries;
    }

    public String getRetryOn() {
        return retryOn;
    }

    /** Retry only reasons this Python regular expression finds (blank: any failure or error). */
    @DataBoundSetter
    public void setRetryOn(String retryOn) {
        this.retryOn = RunOptions.trimmed(retryOn);
    }

    public List<TestCredentials> getCredentials() {
        return credentials;
    }

    /** Credentials the tests see as environment variables, masked in every log. */
    @DataBoundSetter
    public void setCredentials(List<TestCredentials> credentials) {
        this.credentials = credentials == null ? new ArrayList<>() : new ArrayList<>(credentials);
    }

    public List<String> getEnvironments() {
        return environments;
    }

    /**
     * Several test environments that share one queue of the tests: each is locked when it is free, runs the next
     * test when it finishes one (longest first), and is released when the queue is empty.
     */
    @DataBoundSetter
    public void setEnvironments(List<String> environments) {
        this.environments = new ArrayList<>();
        if (environments != null) {
            environments.stream().map(RunOptions::trimmed).filter(e -> !e.isEmpty()).forEach(this.environments::add);
        }
    }

    public String getEnvironmentLabel() {
        return environmentLabel;
    }

    /** As {@code environments}: every lockable resource with this label. */
    @DataBoundSetter
    public void setEnvironmentLabel(String environmentLabel) {
        this.environmentLabel = RunOptions.trimmed(environmentLabel);
    }

    public String getAgentLabel() {
        return agentLabel;
    }

    /** With {@code environments} or {@code environmentLabel}: each share runs on an agent with this label. */
    @DataBoundSetter
    public void setAgentLabel(String agentLabel) {
        this.agentLabel = RunOptions.trimmed(agentLabel);
    }

    /**
     * The environments sharing one queue, each with its lockable resource; empty when the step runs on one
     * environment (or none).
     */
    Map<String, String> sharedEnvironments() throws AbortException {
        return SharedEnvironments.resolve("runSystemTests", getEnvironment(), environments, environmentLabel);
    }

    RunSettings settings() throws AbortException {
        return toSettings("runSystemTests");
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        settings(); // refuse bad arguments before anything starts
        Map<String, String> shared = sharedEnvironments();
        ShareAgents agents = SharedEnvironments.agents("runSystemTests", shared, agentLabel);
        if (!shared.isEmpty()) {
            return new QueueStepExecution(context, this, shared, agents);
        }
        return new RunSystemTestsStepExecution(context, this);
    }

    @Extension(optional = true)
    public static final class DescriptorImpl extends StepDescriptor implements RunOptions.FormChecks {
        /**
         * The freestyle step, whose form this step's form includes ({@code class="${descriptor.builderClass}"}): a class
         * name in {@code st:include} is resolved by Jelly's own class loader, which cannot see a plugin's classes.
         */
        @Restricted(NoExternalUse.class)
        public Class<?> getBuilderClass() {
            return SystemTestsBuilder.class;
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, FilePath.class, EnvVars.class, Launcher.class, TaskListener.class);
        }

        @Override
        public String getFunctionName() {
            return "runSystemTests";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.runDisplayName();
        }

        /**
         * Refuses unknown parameters ({@link StepParameters}) and accepts {@code tests} as a list too:
         * {@code runSystemTests(tests: ['a.py', 'suite/'])}.
         */
        @Override
        public Step newInstance(Map<String, Object> arguments) throws Exception {
            StepParameters.check(getFunctionName(), arguments, StepParameters.of(RunSystemTestsStep.class));
            Object tests = arguments.get("tests");
            if (tests instanceof Collection<?> list) {
                Map<String, Object> copy = new HashMap<>(arguments);
                copy.put("tests", list.stream().map(String::valueOf).collect(Collectors.joining("\n")));
                return super.newInstance(copy);
            }
            return super.newInstance(arguments);
        }

        public FormValidation doCheckEnvironment(@QueryParameter String value) {
            return FieldChecks.environment(value);
        }

        /**
         * A Pipeline bounds the wait with {@code systemTests(waitTimeoutMinutes: ...)}, which waits around the lock;
         * this step runs once the environment is held, so its form (shared with the builder's) leaves the field out.
         */
        public boolean isWaitTimeoutInForm() {
            return false;
        }

    }
}
