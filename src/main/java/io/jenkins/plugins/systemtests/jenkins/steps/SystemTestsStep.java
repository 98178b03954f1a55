package io.jenkins.plugins.systemtests.jenkins.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import io.jenkins.plugins.systemtests.core.model.EndReason;
import io.jenkins.plugins.systemtests.core.model.TestStatus;
import io.jenkins.plugins.systemtests.core.runner.RunSettings;
import io.jenkins.plugins.systemtests.jenkins.Messages;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.verb.GET;

/**
 * {@code runSystemTests(tests: ['scenarios/master.py'], timeoutMinutes: 10)}: runs Python system tests on the current
 * node and returns a summary map (counts per status, {@code status}, {@code result}, {@code runId}, {@code url}).
 * {@code tests} is a list, or a string with one test per line.
 */
public class SystemTestsStep extends Step implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(SystemTestsStep.class.getName());

    private final String tests;
    private String environment = "";
    private String python = RunSettings.DEFAULT_PYTHON;
    private int timeoutMinutes = RunSettings.DEFAULT_TIMEOUT_MINUTES;
    private String junitXml = RunSettings.DEFAULT_JUNIT_XML;
    private String unstableOn = "failed, error";
    private String failureOn = "";
    private String requirements = "";
    private List<TestCredentials> credentials = new ArrayList<>();

    @DataBoundConstructor
    public SystemTestsStep(String tests) {
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
        this.environment = environment == null ? "" : environment.trim();
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
        this.requirements = requirements == null ? "" : requirements.trim();
    }

    public List<TestCredentials> getCredentials() {
        return credentials;
    }

    /** Credentials the tests see as environment variables, masked in every log. */
    @DataBoundSetter
    public void setCredentials(List<TestCredentials> credentials) {
        this.credentials = credentials == null ? new ArrayList<>() : new ArrayList<>(credentials);
    }

    RunSettings settings() throws AbortException {
        try {
            return RunSettings.of(FieldChecks.lines(tests), environment, python, timeoutMinutes, junitXml, unstableOn,
                    failureOn).withRequirements(requirements)
                    .withCredentials(TestCredentials.toSecretVariables(credentials));
        } catch (IllegalArgumentException e) {
            throw new AbortException("runSystemTests: " + e.getMessage());
        }
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new Execution(context, settings());
    }

    /**
     * Runs in a thread of its own (it does not block the Pipeline). Abort interrupts it, which kills the runner and its
     * tests on the agent and cancels the unfinished tests. After a controller restart the step ends its run (unfinished
     * tests unknown) and fails with a clear message, as the runner's output can no longer be followed.
     */
    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        private final transient RunSettings settings;
        private volatile long runId = -1;

        Execution(StepContext context, RunSettings settings) {
            super(context);
            this.settings = settings;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            StepContext context = getContext();
            EnvironmentWaitStep.acquired(context); // inside systemTests' lock: the wait for the environment is over
            return TestRunExecution.run(settings, context.get(Run.class), context.get(FilePath.class),
                    context.get(EnvVars.class), context.get(Launcher.class), context.get(TaskListener.class),
                    id -> runId = id);
        }

        @Override
        public void onResume() {
            if (runId >= 0) {
                try {
                    SystemTestsService.get().ingestion().endRun(runId, EndReason.INTERRUPTED, TestStatus.UNKNOWN);
                } catch (IOException | RuntimeException e) {
                    LOGGER.log(Level.WARNING, "Run " + runId + " could not be ended after a restart", e);
                }
            }
            getContext().onFailure(new AbortException("runSystemTests: Jenkins restarted while the tests ran, so their "
                    + "progress could no longer be followed. The run is ended and its unfinished tests are unknown; "
                    + "run the stage again."));
        }
    }

    @Extension(optional = true)
    public static final class DescriptorImpl extends StepDescriptor {
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

        /** Accepts {@code tests} as a list too: {@code runSystemTests(tests: ['a.py', 'suite/'])}. */
        @Override
        public Step newInstance(Map<String, Object> arguments) throws Exception {
            Object tests = arguments.get("tests");
            if (tests instanceof Collection<?> list) {
                Map<String, Object> copy = new HashMap<>(arguments);
                copy.put("tests", list.stream().map(String::valueOf).collect(Collectors.joining("\n")));
                return super.newInstance(copy);
            }
            return super.newInstance(arguments);
        }

        /** The test files the form offers: {@code {files, library, truncated, note}}. */
        @GET
        public void doTestFiles(@AncestorInPath Item item, StaplerResponse2 rsp) throws IOException, InterruptedException {
            TestFilePicker.answer(item, rsp);
        }

        public FormValidation doCheckTests(@QueryParameter String value) {
            return FieldChecks.tests(value);
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

        public FormValidation doCheckTimeoutMinutes(@QueryParameter String value) {
            return FieldChecks.timeoutMinutes(value);
        }

        public FormValidation doCheckJunitXml(@QueryParameter String value) {
            return FieldChecks.junitXml(value);
        }

        public FormValidation doCheckUnstableOn(@QueryParameter String value) {
            return FieldChecks.outcomes(value);
        }

        public FormValidation doCheckFailureOn(@QueryParameter String value) {
            return FieldChecks.outcomes(value);
        }

        public FormValidation doCheckRequirements(@QueryParameter String value) {
            return FieldChecks.requirements(value);
        }
    }
}
