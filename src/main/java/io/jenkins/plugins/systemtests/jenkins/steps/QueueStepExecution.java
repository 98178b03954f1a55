package io.jenkins.plugins.systemtests.jenkins.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import io.jenkins.plugins.systemtests.core.queue.QueueRun;
import io.jenkins.plugins.systemtests.core.runner.BuildRun;
import io.jenkins.plugins.systemtests.core.runner.RunSettings;
import io.jenkins.plugins.systemtests.core.secrets.SecretEnvironment;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsConfiguration;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import io.jenkins.plugins.systemtests.jenkins.results.SharedQueueLanes;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
 * {@code runSystemTests} with {@code environments} (or {@code environmentLabel}): one plan across several environments
 * from one shared queue, as one run ({@link QueueRun}). Each environment is locked through lockable-resources when it
 * is free (tried at every poll, so a busy one holds nobody back) and released when its share ends; each share's runner
 * runs on the build's node, or with {@code agentLabel} on an agent with that label ({@link ShareAgents}). Durable like {@link RunSystemTestsStepExecution}: the queue, the shares' runners and their
 * offsets are saved with the build, so after a controller restart the polls go on where they were. Abort ends every
 * share and frees every environment.
 */
public class QueueStepExecution extends StepExecution {
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(QueueStepExecution.class.getName());

    private final RunSystemTestsStep step;
    /** Each environment's lockable resource, in the order the shares start. */
    private final LinkedHashMap<String, String> resources;
    /** Where the shares run with {@code agentLabel}; null: on the build's node. */
    private final ShareAgents agents;
    private QueueRun queue;
    private AgentReach reach;
    private boolean done;
    private transient ScheduledFuture<?> next;
    private transient RunSettings settings;
    private transient SecretEnvironment secrets;

    QueueStepExecution(StepContext context, RunSystemTestsStep step, Map<String, String> resources,
            ShareAgents agents) {
        super(context);
        this.step = step;
        this.resources = new LinkedHashMap<>(resources);
        this.agents = agents;
    }

    @Override
    public boolean start() throws Exception {
        StepContext context = getContext();
        FilePath workspace = context.get(FilePath.class);
        workspace.mkdirs(); // a job whose tests all come from the library has no workspace yet
        synchronized (this) {
            reach = AgentReach.of(workspace);
            queue = new QueueRun(new ArrayList<>(resources.keySet()), System.currentTimeMillis());
            queue.setUnreachableLimit(java.time.Duration.ofSeconds(
                    SystemTestsConfiguration.get().getAgentReconnectTimeoutSeconds()));
        }
        context.get(TaskListener.class).getLogger().println("System Tests: one queue across environments "
                + String.join(", ", resources.keySet()) + "; each starts its share as soon as it is free"
                + (agents == null ? "" : ", on an agent labelled '" + agents.label() + "'"));
        context.saveState();
        schedule(0);
        return false;
    }

    private synchronized void schedule(long delayMillis) {
        if (!done) {
            next = Timer.get().schedule(this::check, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void check() {
        StepContext context = getContext();
        try {
            TaskListener listener = context.get(TaskListener.class);
            PrintStream log = listener.getLogger();
            Run<?, ?> build = context.get(Run.class);
            Optional<BuildRun.Finished> finished;
            synchronized (this) {
                if (done) {
                    return;
                }
                String before = queue.describe();
                try {
                    finished = queue.poll(lab(context, build, listener), SystemTestsService.get().ingestion(),
                            secrets(build).masker(), settings(), log::print, log::println,
                            JenkinsBuildRun.runnerGoneAfter(), System.currentTimeMillis());
                } catch (BuildRun.NotReported e) {
                    throw new AbortException("System Tests: " + e.getMessage());
                } catch (RejectedException e) {
                    throw new AbortException("System Tests: " + e.getMessage());
                }
                if (!before.equals(queue.describe()) || finished.isPresent()) {
                    context.saveState(); // a share started or ended, a unit was handed out: a restart goes on from here
                    queue.lanes().ifPresent(lanes -> SharedQueueLanes.record(build, lanes)); // for the build's page
                }
                done = finished.isPresent();
            }
            if (finished.isPresent()) {
                finished.get().notes().forEach(log::println);
                context.onSuccess(JenkinsBuildRun.conclude(finished.get(), settings(), build, log));
            } else {
                schedule(JenkinsBuildRun.POLL_MILLIS);
            }
        } catch (Exception e) {
            endEveryShare(context);
            context.onFailure(e);
        }
    }

    /** After a failure: no share may go on holding its environment. */
    private void endEveryShare(StepContext context) {
        synchronized (this) {
            done = true;
        }
        try {
            TaskListener listener = context.get(TaskListener.class);
            List<String> notes;
            synchronized (this) {
                notes = queue == null ? List.of()
                        : queue.abort(lab(context, context.get(Run.class), listener),
                                SystemTestsService.get().ingestion(), System.currentTimeMillis());
            }
            notes.forEach(listener.getLogger()::println);
            synchronized (this) {
                if (queue != null) {
                    Run<?, ?> build = context.get(Run.class);
                    queue.lanes().ifPresent(lanes -> SharedQueueLanes.record(build, lanes));
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            LOGGER.log(Level.WARNING, "System Tests: the shares of a failed run could not all be ended", e);
        }
    }

    private RunSettings settings() throws AbortException {
        if (settings == null) {
            settings = step.settings();
        }
        return settings;
    }

    private SecretEnvironment secrets(Run<?, ?> build) throws AbortException {
        if (secrets == null) {
            secrets = JenkinsBuildRun.secrets(settings(), build); // looked up again after a restart: never saved
        }
        return secrets;
    }

    @Override
    public void stop(@NonNull Throwable cause) throws Exception {
        synchronized (this) {
            if (done) {
                return;
            }
            if (next != null) {
                next.cancel(false);
            }
        }
        StepContext context = getContext();
        Timer.get().submit(() -> {
            try {
                endEveryShare(context);
            } finally {
                context.onFailure(cause);
            }
        });
    }

    @Override
    public void onResume() {
        try {
            getContext().get(TaskListener.class).getLogger()
                    .println("System Tests: Jenkins restarted; following every environment's share again");
        } catch (IOException | InterruptedException e) {
            LOGGER.log(Level.FINE, "no build log to say so", e);
        }
        schedule(0);
    }

    @Override
    public synchronized String getStatus() {
        return queue == null ? "starting" : "one queue across environments: " + queue.describe()
                + (done ? ", done" : "");
    }

    /** The build's node as the shares' place; the workspace found again after its agent's connection broke. */
    private SharedQueueLab lab(StepContext context, Run<?, ?> build, TaskListener listener)
            throws IOException, InterruptedException {
        return new SharedQueueLab(build, listener, resources, settings(), secrets(build), context.get(EnvVars.class),
                () -> workspace(context), () -> launcher(context, listener), agents, reachKnown());
    }

    private synchronized AgentReach reachKnown() {
        return reach;
    }

    private FilePath workspace(StepContext context) {
        FilePath workspace;
        try {
            workspace = context.get(FilePath.class);
        } catch (IOException | InterruptedException | RuntimeException e) {
            workspace = null;
        }
        AgentReach known;
        synchronized (this) {
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
}
