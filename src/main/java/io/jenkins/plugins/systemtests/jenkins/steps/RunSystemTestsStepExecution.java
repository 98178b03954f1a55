package io.jenkins.plugins.systemtests.jenkins.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.systemtests.core.runner.BuildRun;
import io.jenkins.plugins.systemtests.core.runner.RunSettings;
import io.jenkins.plugins.systemtests.core.secrets.SecretEnvironment;
import io.jenkins.plugins.systemtests.core.secrets.SecretMasker;
import io.jenkins.plugins.systemtests.jenkins.environment.EnvironmentWaitStepExecution;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * The run of {@code runSystemTests}, durable on the model of durable-task's {@code sh}: the runner runs detached on
 * the agent and a timer reads its files ({@link JenkinsBuildRun#poll}). All the execution keeps is the step and the
 * launched run's offsets, saved with the build's program, so after a controller restart {@link #onResume} goes on
 * polling where it was: the tests never stopped, the events missed meanwhile are taken, and the build ends with the
 * verdict of all of them. Abort ends every process of the run.
 */
public class RunSystemTestsStepExecution extends StepExecution {
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(RunSystemTestsStepExecution.class.getName());

    private final RunSystemTestsStep step;
    private BuildRun run;
    private boolean done;
    private transient ScheduledFuture<?> next;
    /** Derived from the step; made again after a restart. */
    private transient RunSettings settings;
    private transient SecretMasker masker;
    private transient boolean saidOffline;

    RunSystemTestsStepExecution(StepContext context, RunSystemTestsStep step) {
        super(context);
        this.step = step;
    }

    @Override
    public boolean start() throws Exception {
        StepContext context = getContext();
        EnvironmentWaitStepExecution.acquired(context); // inside systemTests' lock: the wait for the environment is over
        SecretEnvironment secrets = JenkinsBuildRun.secrets(settings(), context.get(Run.class));
        masker = secrets.masker();
        BuildRun launched = JenkinsBuildRun.launch(settings(), secrets, context.get(Run.class),
                context.get(FilePath.class), context.get(EnvVars.class), context.get(Launcher.class),
                context.get(TaskListener.class));
        synchronized (this) {
            run = launched;
        }
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
                summary = JenkinsBuildRun.poll(run, settings(), context.get(Run.class), workspace,
                        context.get(Launcher.class), listener, masker());
                if (!hadRun && run.follower().runId().isPresent()) {
                    context.saveState(); // the run's id, so a restart goes on with this run
                }
                done = summary.isPresent();
            }
            if (summary.isPresent()) {
                context.onSuccess(summary.get());
            } else {
                schedule(JenkinsBuildRun.POLL_MILLIS);
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
            masker = JenkinsBuildRun.secrets(settings(), getContext().get(Run.class)).masker();
        }
        return masker;
    }

    @Override
    public void stop(@NonNull Throwable cause) throws Exception {
        BuildRun toAbort;
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            if (next != null) {
                next.cancel(false);
            }
            toAbort = run;
        }
        StepContext context = getContext();
        Timer.get().submit(() -> {
            try {
                if (toAbort != null) {
                    JenkinsBuildRun.abort(toAbort, context.get(FilePath.class), context.get(Launcher.class),
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
        boolean launched;
        synchronized (this) {
            launched = run != null;
        }
        if (!launched) {
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
    public synchronized String getStatus() {
        if (run == null) {
            return "starting the runner";
        }
        return "following the runner (run " + run.follower().runId().map(String::valueOf).orElse("not reported yet")
                + ", " + run.follower().eventsOffset() + " bytes of events read)" + (done ? ", done" : "");
    }
}
