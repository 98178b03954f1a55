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
import io.jenkins.plugins.systemtests.core.runner.BuildRun;
import io.jenkins.plugins.systemtests.core.runner.RunSettings;
import io.jenkins.plugins.systemtests.core.secrets.SecretEnvironment;
import io.jenkins.plugins.systemtests.core.secrets.SecretMasker;
import io.jenkins.plugins.systemtests.jenkins.Messages;
import io.jenkins.plugins.systemtests.jenkins.environment.EnvironmentWaitStepExecution;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import jenkins.util.Timer;
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
 * {@code tests} is a list, or a string with one test per line.
 */
public class SystemTestsStep extends Step implements Serializable, RunOptions {
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(SystemTestsStep.class.getName());

    private final String tests;
    private String environment = DEFAULT_ENVIRONMENT;
    private String python = DEFAULT_PYTHON;
    private int timeoutMinutes = DEFAULT_TIMEOUT_MINUTES;
    private String junitXml = DEFAULT_JUNIT_XML;
    private String unstableOn = DEFAULT_UNSTABLE_ON;
    private String failureOn = DEFAULT_FAILURE_ON;
    private String requirements = DEFAULT_REQUIREMENTS;
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

    public List<TestCredentials> getCredentials() {
        return credentials;
    }

    /** Credentials the tests see as environment variables, masked in every log. */
    @DataBoundSetter
    public void setCredentials(List<TestCredentials> credentials) {
        this.credentials = credentials == null ? new ArrayList<>() : new ArrayList<>(credentials);
    }

    RunSettings settings() throws AbortException {
        return toSettings("runSystemTests");
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        settings(); // refuse bad arguments before anything starts
        return new Execution(context, this);
    }

    /**
     * Durable, on the model of durable-task's {@code sh}: the runner runs detached on the agent and a timer reads its
     * files ({@link TestRunExecution#poll}). All the execution keeps is the step and the launched run's offsets, saved
     * with the build, so after a controller restart {@link #onResume} goes on polling where it was: the tests never
     * stopped, the events missed meanwhile are taken, and the build ends with the verdict of all of them. Abort ends
     * every process of the run.
     */
    static final class Execution extends StepExecution {
        private static final long serialVersionUID = 1L;

        private final SystemTestsStep step;
        private BuildRun run;
        private boolean done;
        private transient ScheduledFuture<?> next;
        /** Derived from the step; made again after a restart. */
        private transient RunSettings settings;
        private transient SecretMasker masker;
        private transient boolean saidOffline;

        Execution(StepContext context, SystemTestsStep step) {
            super(context);
            this.step = step;
        }

        @Override
        public boolean start() throws Exception {
            StepContext context = getContext();
            EnvironmentWaitStepExecution.acquired(context); // inside systemTests' lock: the wait for the environment is over
            SecretEnvironment secrets = TestRunExecution.secrets(settings(), context.get(Run.class));
            masker = secrets.masker();
            run = TestRunExecution.launch(settings(), secrets, context.get(Run.class), context.get(FilePath.class),
                    context.get(EnvVars.class), context.get(Launcher.class), context.get(TaskListener.class));
            context.saveState();
            schedule(0);
            return false;
        }

        private synchronized void schedule(long delayMillis) {
            if (!done) {
                next = Timer.get().schedule(this::check, delayMillis, TimeUnit.MILLISECONDS);
            }
        }

        /** One poll of the run's files, on a timer thread; schedules the next until the runner has ended. */
        private void check() {
            StepContext context = getContext();
            try {
                FilePath workspace = context.get(FilePath.class);
                TaskListener listener = context.get(TaskListener.class);
                if (workspace == null || workspace.toComputer() == null || !workspace.toComputer().isOnline()) {
                    if (!saidOffline) {
                        listener.getLogger().println("System Tests: waiting for the agent to come back; the tests go on");
                        saidOffline = true;
                    }
                    schedule(5000);
                    return;
                }
                saidOffline = false;
                Optional<Map<String, Object>> summary;
                synchronized (this) {
                    if (done) {
                        return;
                    }
                    boolean hadRun = run.follower().runId().isPresent();
                    summary = TestRunExecution.poll(run, settings(), context.get(Run.class), workspace,
                            context.get(Launcher.class), listener, masker());
                    if (!hadRun && run.follower().runId().isPresent()) {
                        context.saveState(); // the run's id, so a restart goes on with this run
                    }
                    done = summary.isPresent();
                }
                if (summary.isPresent()) {
                    context.onSuccess(summary.get());
                } else {
                    schedule(TestRunExecution.POLL_MILLIS);
                }
            } catch (Exception e) {
                synchronized (this) {
                    done = true;
                }
                context.onFailure(e);
            }
        }

        private RunSettings settings() throws AbortException {
            if (settings == null) {
                settings = step.settings();
            }
            return settings;
        }

        private SecretMasker masker() throws IOException, InterruptedException {
            if (masker == null) {
                masker = TestRunExecution.secrets(settings(), getContext().get(Run.class)).masker();
            }
            return masker;
        }

        @Override
        public void stop(@NonNull Throwable cause) throws Exception {
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true;
                if (next != null) {
                    next.cancel(false);
                }
            }
            StepContext context = getContext();
            Timer.get().submit(() -> {
                try {
                    if (run != null) {
                        TestRunExecution.abort(run, context.get(FilePath.class), context.get(Launcher.class),
                                context.get(TaskListener.class));
                    }
                } catch (IOException | InterruptedException | RuntimeException e) {
                    LOGGER.log(Level.WARNING, "System Tests: the abort of a run could not be completed", e);
                } finally {
                    context.onFailure(cause);
                }
            });
        }

        @Override
        public void onResume() {
            if (run == null) {
                getContext().onFailure(new AbortException("runSystemTests: Jenkins restarted before the tests started; "
                        + "run the stage again."));
                return;
            }
            try {
                getContext().get(TaskListener.class).getLogger()
                        .println("System Tests: Jenkins restarted; following the tests again");
            } catch (IOException | InterruptedException e) {
                LOGGER.log(Level.FINE, "no build log to say so", e);
            }
            schedule(0);
        }

        @Override
        public String getStatus() {
            if (run == null) {
                return "starting the runner";
            }
            return "following the runner (run " + run.follower().runId().map(String::valueOf).orElse("not reported yet")
                    + ", " + run.follower().eventsOffset() + " bytes of events read)" + (done ? ", done" : "");
        }
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
