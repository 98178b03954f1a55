package io.jenkins.plugins.systemtests.jenkins.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.systemtests.core.env.EnvironmentWait;
import io.jenkins.plugins.systemtests.core.env.TestEnvironment;
import io.jenkins.plugins.systemtests.jenkins.environment.EnvironmentResources;
import io.jenkins.plugins.systemtests.jenkins.environment.EnvironmentWaitNotice;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.CauseOfInterruption;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.steps.BodyExecution;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
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
 * the body marks the end of the wait. The {@code systemTests} DSL writes this for you.
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
            return new Execution(context, parsed.id(), waitTimeoutMinutes);
        } catch (IllegalArgumentException e) {
            throw new AbortException("systemTestsEnvironmentWait: " + e.getMessage());
        }
    }

    /**
     * Tells the enclosing wait, if any, that the build now holds its environment: called by {@code runSystemTests}
     * when it starts.
     */
    static void acquired(StepContext context) throws IOException, InterruptedException {
        Marker marker = context.get(Marker.class);
        Execution execution = marker == null ? null : Execution.ACTIVE.get(marker.key);
        if (execution != null) {
            execution.onAcquired(context.get(TaskListener.class));
        }
    }

    /** Put in the body's context so that steps inside can find the wait they end. */
    static final class Marker implements Serializable {
        private static final long serialVersionUID = 1L;
        final String key;

        Marker(String key) {
            this.key = key;
        }
    }

    /** Printed when the wait runs out; the build fails with this text, not with a stack trace. */
    static final class WaitTimedOut extends CauseOfInterruption {
        private static final long serialVersionUID = 1L;
        private final String message;

        WaitTimedOut(String message) {
            this.message = message;
        }

        @Override
        public String getShortDescription() {
            return "System Tests: " + message;
        }
    }

    static final class Execution extends StepExecution {
        private static final long serialVersionUID = 1L;
        private static final Logger LOGGER = Logger.getLogger(EnvironmentWaitStep.class.getName());
        /** Waits in progress, by key; rebuilt on resume, since only the key survives in the body's context. */
        static final Map<String, Execution> ACTIVE = new ConcurrentHashMap<>();

        private final String environment;
        private final int waitTimeoutMinutes;
        private final String key = UUID.randomUUID().toString();
        private long sinceMillis;
        private volatile boolean acquired;
        private BodyExecution body;
        private transient ScheduledFuture<?> timer;

        Execution(StepContext context, String environment, int waitTimeoutMinutes) {
            super(context);
            this.environment = environment;
            this.waitTimeoutMinutes = waitTimeoutMinutes;
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
            ACTIVE.put(key, this);
            body = getContext().newBodyInvoker().withContext(new Marker(key)).withCallback(new Finished(key)).start();
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

        void onAcquired(TaskListener listener) {
            synchronized (this) {
                if (acquired) {
                    return;
                }
                acquired = true;
            }
            cancelTimer();
            ACTIVE.remove(key);
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
            body.cancel(new FlowInterruptedException(Result.FAILURE, false, new WaitTimedOut(waitState().timedOut(holder))));
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
            ACTIVE.put(key, this);
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

        static void finished(String key) {
            Execution execution = ACTIVE.remove(key);
            if (execution != null) {
                execution.cancelTimer();
                execution.clearNotice();
            }
        }
    }

    /** The body's end, however it ended, ends the wait too; the body's result is the step's. */
    private static final class Finished extends BodyExecutionCallback.TailCall {
        private static final long serialVersionUID = 1L;
        private final String key;

        Finished(String key) {
            this.key = key;
        }

        @Override
        protected void finished(StepContext context) {
            Execution.finished(key);
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

        /** The systemTests DSL writes it; users rarely need it by hand. */
        @Override
        public boolean isAdvanced() {
            return true;
        }
    }
}
