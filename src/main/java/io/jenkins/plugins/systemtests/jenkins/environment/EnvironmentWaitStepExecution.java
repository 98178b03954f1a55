package io.jenkins.plugins.systemtests.jenkins.environment;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.systemtests.core.env.EnvironmentWait;
import io.jenkins.plugins.systemtests.core.env.TestEnvironment;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.CauseOfInterruption;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.steps.BodyExecution;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * A build's wait for its test environment ({@code systemTestsEnvironmentWait}): says so on the console and on the
 * build's System Tests page ({@link EnvironmentWaitNotice}), runs the body (lockable-resources' {@code lock}, then
 * {@code runSystemTests}), and when the wait has a limit and runs out while another holds the environment, ends the
 * body with the reason. The wait is over when {@code runSystemTests} starts in the body ({@link #acquired}) or when the
 * body ends, however it ends.
 *
 * <p>Found again after a restart without a registry: the body's context ({@link InBody}) and the body's callback
 * ({@link BodyEnded}) each hold this execution, and workflow-cps saves the whole program (step executions, bodies'
 * contexts, callbacks) in {@code program.dat} as one object graph, so after a restart they lead to the same resumed
 * execution. Its {@link #onResume} sets the timer again; a limit that passed meanwhile ends the wait at once.
 */
public class EnvironmentWaitStepExecution extends StepExecution {
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(EnvironmentWaitStepExecution.class.getName());

    private final String environment;
    private final int waitTimeoutMinutes;
    private long sinceMillis;
    private volatile boolean acquired;
    private BodyExecution body;
    private transient ScheduledFuture<?> timer;

    EnvironmentWaitStepExecution(StepContext context, String environment, int waitTimeoutMinutes) {
        super(context);
        this.environment = environment;
        this.waitTimeoutMinutes = waitTimeoutMinutes;
    }

    /**
     * Tells the enclosing wait, if any, that the build now holds its environment: called by {@code runSystemTests}
     * when it starts, inside the lock.
     */
    public static void acquired(StepContext context) throws IOException, InterruptedException {
        InBody inBody = context.get(InBody.class);
        if (inBody != null) {
            inBody.execution.onAcquired(context.get(TaskListener.class));
        }
    }

    /**
     * The resources that Pipeline builds wait for now, one entry per waiting {@code systemTests} (lockable-resources
     * keeps its own queue to itself).
     */
    static List<String> waitingResources() {
        List<String> names = Collections.synchronizedList(new ArrayList<>());
        try {
            StepExecution.applyAll(EnvironmentWaitStepExecution.class, execution -> {
                if (!execution.acquired) {
                    TestEnvironment.parseOptional(execution.environment).ifPresent(e -> names.add(e.resourceName()));
                }
                return null;
            }).get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOGGER.log(Level.FINE, "Could not count the builds waiting for test environments", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return List.copyOf(names);
    }

    private EnvironmentWait waitState() {
        return new EnvironmentWait(new TestEnvironment(environment), Instant.ofEpochMilli(sinceMillis),
                EnvironmentWait.limit(waitTimeoutMinutes));
    }

    @Override
    public boolean start() throws Exception {
        String resource = prepare();
        sinceMillis = System.currentTimeMillis();
        EnvironmentWait wait = waitState();
        String holder = EnvironmentResources.busyBecause(resource);
        if (holder != null) {
            getContext().get(TaskListener.class).getLogger().println("System Tests: "
                    + wait.describe(holder, Instant.now(), ZoneId.systemDefault()));
        }
        EnvironmentWaitNotice.show(getContext().get(Run.class), environment, sinceMillis, waitTimeoutMinutes);
        body = getContext().newBodyInvoker().withContext(new InBody(this)).withCallback(new BodyEnded(this)).start();
        scheduleTimeout(wait);
        return false;
    }

    private String prepare() throws AbortException {
        try {
            return EnvironmentResources.prepare(environment);
        } catch (IllegalArgumentException e) {
            throw new AbortException("System Tests: " + e.getMessage());
        }
    }

    private synchronized void scheduleTimeout(EnvironmentWait wait) {
        Optional<Duration> remaining = wait.remaining(Instant.now());
        if (remaining.isPresent() && !acquired) {
            timer = Timer.get().schedule(this::expire, remaining.get().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void onAcquired(TaskListener listener) {
        synchronized (this) {
            if (acquired) {
                return;
            }
            acquired = true;
        }
        cancelTimer();
        Instant now = Instant.now();
        if (now.toEpochMilli() - sinceMillis >= 1000 && listener != null) {
            listener.getLogger().println("System Tests: " + waitState().acquired(now));
        }
        clearNotice();
    }

    /** The wait ran out: stop waiting (lockable-resources leaves its queue) and fail with the reason. */
    private void expire() {
        synchronized (this) {
            if (acquired || body == null) {
                return;
            }
        }
        String holder = null;
        try {
            String resource = waitState().environment().resourceName();
            Run<?, ?> run = getContext().get(Run.class);
            if (run != null && EnvironmentResources.heldBy(resource, run)) {
                onAcquired(getContext().get(TaskListener.class)); // got it just now; runSystemTests is starting
                return;
            }
            holder = EnvironmentResources.busyBecause(resource);
            getContext().get(TaskListener.class).getLogger().println("System Tests: " + waitState().timedOut(holder));
        } catch (IOException | InterruptedException | RuntimeException e) {
            LOGGER.log(Level.FINE, "Could not describe the holder of test environment " + environment, e);
        }
        body.cancel(new FlowInterruptedException(Result.FAILURE, false, new TimedOut(waitState().timedOut(holder))));
    }

    @Override
    public void stop(@NonNull Throwable cause) throws Exception {
        cancelTimer();
        if (body != null) {
            body.cancel(cause);
        } else {
            getContext().onFailure(cause);
        }
    }

    @Override
    public void onResume() {
        if (acquired) {
            return;
        }
        try {
            Run<?, ?> run = getContext().get(Run.class);
            if (run != null && EnvironmentResources.heldBy(waitState().environment().resourceName(), run)) {
                onAcquired(null); // got it before the restart, marked after
                return;
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            LOGGER.log(Level.WARNING, "Could not check test environment " + environment + " after a restart", e);
        }
        scheduleTimeout(waitState()); // a limit that passed during the restart ends the wait at once
    }

    @Override
    public String getStatus() {
        return (acquired ? "got test environment " : "waiting for test environment ") + environment;
    }

    /** The body ended, however: the wait is over too. */
    private void bodyEnded() {
        cancelTimer();
        clearNotice();
    }

    private void clearNotice() {
        try {
            Run<?, ?> run = getContext().get(Run.class);
            if (run != null) {
                EnvironmentWaitNotice.clear(run);
            }
        } catch (IOException | InterruptedException e) {
            LOGGER.log(Level.FINE, "No build to clear the waiting notice of", e);
        }
    }

    /** Put in the body's context, so that {@code runSystemTests} inside it finds the wait it ends. */
    private static final class InBody implements Serializable {
        private static final long serialVersionUID = 1L;
        private final EnvironmentWaitStepExecution execution;

        InBody(EnvironmentWaitStepExecution execution) {
            this.execution = execution;
        }
    }

    /** The body's end, however it ended, ends the wait too; the body's result is the step's. */
    private static final class BodyEnded extends BodyExecutionCallback.TailCall {
        private static final long serialVersionUID = 1L;
        private final EnvironmentWaitStepExecution execution;

        BodyEnded(EnvironmentWaitStepExecution execution) {
            this.execution = execution;
        }

        @Override
        protected void finished(StepContext context) {
            execution.bodyEnded();
        }
    }

    /** Printed when the wait runs out; the build fails with this text, not with a stack trace. */
    static final class TimedOut extends CauseOfInterruption {
        private static final long serialVersionUID = 1L;
        private final String message;

        TimedOut(String message) {
            this.message = message;
        }

        @Override
        public String getShortDescription() {
            return "System Tests: " + message;
        }
    }
}
