package io.jenkins.plugins.systemtests.jenkins.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.AbstractProject;
import hudson.model.Item;
import hudson.model.Project;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.Builder;
import hudson.util.FormValidation;
import io.jenkins.plugins.systemtests.core.env.TestEnvironment;
import io.jenkins.plugins.systemtests.core.runner.RunSettings;
import io.jenkins.plugins.systemtests.jenkins.Messages;
import io.jenkins.plugins.systemtests.jenkins.environment.EnvironmentParameters;
import io.jenkins.plugins.systemtests.jenkins.environment.EnvironmentResources;
import io.jenkins.plugins.systemtests.jenkins.environment.EnvironmentWaitTimeouts;
import io.jenkins.plugins.systemtests.jenkins.environment.NeedsEnvironment;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jenkins.tasks.SimpleBuildStep;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

/**
 * The freestyle build step "Run Python system tests". In Pipeline, use the {@code runSystemTests} step; this
 * builder's own symbol is {@code pythonSystemTests}, so the two never collide.
 */
public class SystemTestsBuilder extends Builder implements SimpleBuildStep, RunOptions, NeedsEnvironment {
    private final String tests;
    private String environment = DEFAULT_ENVIRONMENT;
    private int waitTimeoutMinutes;
    private String python = DEFAULT_PYTHON;
    private int timeoutMinutes = DEFAULT_TIMEOUT_MINUTES;
    private String junitXml = DEFAULT_JUNIT_XML;
    private String unstableOn = DEFAULT_UNSTABLE_ON;
    private String failureOn = DEFAULT_FAILURE_ON;
    private String requirements = DEFAULT_REQUIREMENTS;
    private int retries = DEFAULT_RETRIES;
    private String retryOn = DEFAULT_RETRY_ON;
    private List<TestCredentials> credentials = new ArrayList<>();
    /** Several environments sharing one queue, one per line (IDs or names); blank for none. */
    private String environments = "";
    /** Every lockable resource with this label, as environments sharing one queue; blank for none. */
    private String environmentLabel = "";
    /** With several environments: each share runs on an agent with this label; blank: on the build's node. */
    private String agentLabel = "";

    /** @param tests one per line: a master scenario, test files, directories or glob patterns in the workspace */
    @DataBoundConstructor
    public SystemTestsBuilder(String tests) {
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

    @Override
    public int getWaitTimeoutMinutes() {
        return waitTimeoutMinutes;
    }

    /**
     * How long a queued build waits for its test environment before it leaves the queue (0: as long as it takes).
     * Enforced by {@link EnvironmentWaitTimeouts} while the build is queued; it has no effect once the build runs.
     */
    @DataBoundSetter
    public void setWaitTimeoutMinutes(int waitTimeoutMinutes) {
        this.waitTimeoutMinutes = Math.max(0, waitTimeoutMinutes);
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

    /** Fills in settings that an older configuration lacks. */
    protected Object readResolve() {
        if (python == null) {
            python = RunSettings.DEFAULT_PYTHON;
        }
        if (timeoutMinutes == 0) {
            timeoutMinutes = RunSettings.DEFAULT_TIMEOUT_MINUTES;
        }
        if (credentials == null) {
            credentials = new ArrayList<>();
        }
        if (unstableOn == null) {
            unstableOn = DEFAULT_UNSTABLE_ON;
        }
        if (environments == null) {
            environments = "";
        }
        if (environmentLabel == null) {
            environmentLabel = "";
        }
        if (agentLabel == null) {
            agentLabel = "";
        }
        if (retryOn == null) {
            retryOn = DEFAULT_RETRY_ON;
        }
        return this;
    }

    public List<TestCredentials> getCredentials() {
        return credentials;
    }

    /** Credentials the tests see as environment variables, masked in every log. */
    @DataBoundSetter
    public void setCredentials(List<TestCredentials> credentials) {
        this.credentials = credentials == null ? new ArrayList<>() : new ArrayList<>(credentials);
    }

    public String getEnvironments() {
        return environments;
    }

    /**
     * Several test environments, one per line (or comma-separated), that share one queue of the tests: each is locked
     * when it is free, runs the next test when it finishes one (longest first), and is released when the queue is
     * empty.
     */
    @DataBoundSetter
    public void setEnvironments(String environments) {
        this.environments = RunOptions.trimmed(environments);
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

    /** With several environments: each share runs on an agent with this label. */
    @DataBoundSetter
    public void setAgentLabel(String agentLabel) {
        this.agentLabel = RunOptions.trimmed(agentLabel);
    }

    RunSettings settings() throws AbortException {
        return toSettings("System Tests");
    }

    @Override
    public void perform(@NonNull Run<?, ?> run, @NonNull FilePath workspace, @NonNull EnvVars env,
            @NonNull Launcher launcher, @NonNull TaskListener listener) throws InterruptedException, IOException {
        RunSettings settings = toSettings("System Tests", value -> value == null ? null : env.expand(value));
        Map<String, String> shared = SharedEnvironments.resolve("System Tests", getEnvironment(),
                FieldChecks.lines(env.expand(environments == null ? "" : environments.replace(',', '\n'))),
                env.expand(environmentLabel));
        ShareAgents agents = SharedEnvironments.agents("System Tests", shared, env.expand(agentLabel));
        if (!shared.isEmpty()) {
            QueueToEnd.run(settings, shared, run, workspace, env, launcher, listener, agents);
            return;
        }
        JenkinsBuildRun.runToEnd(settings, run, workspace, env, launcher, listener);
    }

    @Extension
    @Symbol("pythonSystemTests")
    public static final class DescriptorImpl extends BuildStepDescriptor<Builder> implements RunOptions.FormChecks {
        @Override
        @SuppressWarnings("rawtypes")
        public boolean isApplicable(Class<? extends AbstractProject> jobType) {
            return true;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.runDisplayName();
        }

        /**
         * Also warns when the saved job does not queue its builds for the environment: without lockable-resources'
         * job property naming it, a build refuses to start rather than run unlocked. An environment from a build
         * parameter ({@code ${ENV}}) needs no property: the plugin queues the build for the value it is given.
         */
        public FormValidation doCheckEnvironment(@QueryParameter String value, @AncestorInPath Item item) {
            if (EnvironmentParameters.isParameterized(value)) {
                return FormValidation.ok(Messages.SystemTestsBuilder_environmentFromParameter());
            }
            if (value == null || value.isBlank() || TestEnvironment.problemWith(value, false).isPresent()
                    || !(item instanceof Project<?, ?> project) || !project.hasPermission(Item.CONFIGURE)) {
                return FieldChecks.environment(value);
            }
            TestEnvironment environment = TestEnvironment.parse(value);
            String resource = environment.resourceName();
            return EnvironmentResources.requiredBy(project, environment) ? FormValidation.ok()
                    : FormValidation.warning("Builds wait for this environment only when \"This build requires lockable "
                            + "resources\" (General) names " + resource + "; the saved configuration does not, so a "
                            + "build would refuse to start.");
        }

        /** The freestyle form's own text field for several environments (in Pipeline the step takes a list). */
        public boolean isEnvironmentsInForm() {
            return true;
        }

        /** Freestyle builds wait in the build queue, where the plugin bounds the wait; see the step's descriptor. */
        public boolean isWaitTimeoutInForm() {
            return true;
        }

        public FormValidation doCheckWaitTimeoutMinutes(@QueryParameter String value,
                @QueryParameter String environment) {
            return FieldChecks.waitTimeoutMinutes(value, environment);
        }

    }
}
