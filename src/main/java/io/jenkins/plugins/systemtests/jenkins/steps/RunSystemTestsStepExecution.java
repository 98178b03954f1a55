package io.jenkins.plugins.systemtests.jenkins.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.systemtests.core.runner.AgentContact;
import io.jenkins.plugins.systemtests.core.runner.BuildRun;
import io.jenkins.plugins.systemtests.core.runner.RunSettings;
import io.jenkins.plugins.systemtests.core.secrets.SecretEnvironment;
import io.jenkins.plugins.systemtests.core.secrets.SecretMasker;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
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

    /** How often an out-of-reach agent is tried again. */
    private static final long OFFLINE_RETRY_MILLIS = 5000;

    private final RunSystemTestsStep step;
    private BuildRun run;
    private boolean done;
    /** The workspace by agent name and path, to find it again once a broken connection is back; null before 2026-12. */
    private AgentReach reach;
    /** The wait for an agent out of reach; null before 2026-12. */
    private AgentContact contact;
    private transient ScheduledFuture<?> next;
    /** Derived from the step; made again after a restart. */
    private transient RunSettings settings;
    private transient SecretMasker masker;

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
        FilePath workspace = context.get(FilePath.class);
        BuildRun launched = JenkinsBuildRun.launch(settings(), secrets, context.get(Run.class),
                workspace, context.get(EnvVars.class), context.get(Launcher.class),
                context.get(TaskListener.class));
        synchronized (this) {
            run = launched;
            reach = AgentReach.of(workspace);
            contact = JenkinsBuildRun.contact(reach);
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

    /**
     * One poll of the run's files, on a timer thread; schedules the next until the runner has ended. While the agent is
     * out of reach the tests go on there: the poll is tried again, up to the configured wait, then the build gives up.
     */
    private void check() {
        StepContext context = getContext();
        try {
            TaskListener listener = context.get(TaskListener.class);
            Run<?, ?> build = context.get(Run.class);
            FilePath workspace = workspace(context);
            Launcher launcher = workspace == null ? null : launcher(context, listener);
            if (workspace == null || launcher == null) {
                agentOutOfReach(build, listener);
                return;
            }
            Optional<Map<String, Object>> summary;
            synchronized (this) {
                if (done) {
                    return;
                }
                boolean hadRun = run.follower().runId().isPresent();
                try {
                    summary = JenkinsBuildRun.poll(run, settings(), build, workspace, launcher, listener, masker());
                } catch (IOException | RuntimeException e) {
                    // A call on the agent when its connection breaks ends in remoting's unchecked
                    // RequestAbortedException, not an IOException: seen when the agent's process is killed mid-call.
                    if (reach == null || !reach.isLostContact(e)) {
                        throw e;
                    }
                    summary = null;
                }
                if (summary != null) {
                    JenkinsBuildRun.agentAnswers(contact, build, listener);
                    if (!hadRun && run.follower().runId().isPresent()) {
                        context.saveState(); // the run's id, so a restart goes on with this run
                    }
                    done = summary.isPresent();
                }
            }
            if (summary == null) {
                agentOutOfReach(build, listener);
            } else if (summary.isPresent()) {
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

    /** The workspace, if its agent can be reached: through the build's context, else found again by name and path. */
    private FilePath workspace(StepContext context) {
        FilePath workspace;
        try {
            workspace = context.get(FilePath.class); // throws while the agent is offline
        } catch (IOException | InterruptedException | RuntimeException e) {
            LOGGER.log(Level.FINE, "the build's workspace is out of reach", e);
            workspace = null;
        }
        AgentReach known;
        synchronized (this) {
            if (reach == null && workspace != null) { // a run started before the reach was kept
                reach = AgentReach.of(workspace);
                contact = JenkinsBuildRun.contact(reach);
            }
            known = reach;
        }
        return AgentReach.reachableWorkspace(workspace, known);
    }

    private Launcher launcher(StepContext context, TaskListener listener) {
        AgentReach known;
        synchronized (this) {
            known = reach;
        }
        return AgentReach.reachableLauncher(context, known, listener);
    }

    /** Says once that the agent is out of reach and tries again later; past the configured wait, gives up. */
    private void agentOutOfReach(Run<?, ?> build, TaskListener listener) throws IOException {
        AgentContact waiting;
        BuildRun gone;
        synchronized (this) {
            if (done) {
                return;
            }
            if (contact == null) {
                contact = JenkinsBuildRun.contact(new AgentReach("", "")); // a run started before the wait was kept
            }
            waiting = contact;
            gone = run;
        }
        Optional<String> failure = JenkinsBuildRun.agentOutOfReach(waiting, gone, build, listener);
        if (failure.isEmpty()) {
            schedule(OFFLINE_RETRY_MILLIS);
            return;
        }
        synchronized (this) {
            done = true;
        }
        getContext().onFailure(new AbortException(failure.get()));
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
        String agent;
        synchronized (this) {
            agent = reach == null ? "the agent" : reach.displayName();
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
                    TaskListener listener = context.get(TaskListener.class);
                    FilePath workspace = workspace(context);
                    Launcher launcher = workspace == null ? null : launcher(context, listener);
                    if (workspace == null || launcher == null) {
                        listener.getLogger().println(toAbort.abortWithoutAgent(SystemTestsService.get().ingestion(),
                                agent));
                    } else {
                        JenkinsBuildRun.abort(toAbort, workspace, launcher, listener);
                    }
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
        if (contact != null && contact.lostSince().isPresent()) {
            return "waiting for " + (reach == null ? "the agent" : reach.displayName()) + " to come back (out of reach "
                    + "since " + contact.lostSince().get() + ")";
        }
        return "following the runner (run " + run.follower().runId().map(String::valueOf).orElse("not reported yet")
                + ", " + run.follower().eventsOffset() + " bytes of events read)" + (done ? ", done" : "");
    }
}
