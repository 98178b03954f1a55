package io.jenkins.plugins.systemtests.core.env;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One run per test environment, first come first served. Checking and taking an environment is one step under the
 * environment's lock, so two runs can never both see it free; a release hands the environment straight to the
 * longest-waiting run, so no later arrival can jump ahead; a waiter that times out or is interrupted leaves the
 * queue. Waiting blocks the thread (no spinning). The Jenkins layer keeps lockable-resources in step with it.
 */
public final class EnvironmentLocks {
    /** Who holds an environment, and since when. */
    public record Holder(TestEnvironment environment, String holder, Instant since, long ticket) {
    }

    /** Observes the queue, for tests and logs; called under the environment's lock, so it must be quick. */
    public interface Observer {
        Observer NONE = new Observer() {
        };

        default void queued(TestEnvironment environment, long ticket) {
        }

        default void granted(TestEnvironment environment, long ticket) {
        }
    }

    private record Waiter(String holder, long ticket, CompletableFuture<Holder> granted) {
    }

    private static final class State {
        Holder holder;
        final Deque<Waiter> queue = new ArrayDeque<>();
    }

    private final Map<TestEnvironment, State> states = new ConcurrentHashMap<>();
    private final AtomicLong tickets = new AtomicLong();
    private final Clock clock;
    private final Observer observer;

    public EnvironmentLocks(Clock clock, Observer observer) {
        this.clock = clock;
        this.observer = observer;
    }

    public EnvironmentLocks() {
        this(Clock.systemUTC(), Observer.NONE);
    }

    private State state(TestEnvironment environment) {
        return states.computeIfAbsent(environment, e -> new State());
    }

    /** Takes the environment now if it is free and nobody waits, else empty. */
    public Optional<Holder> tryAcquire(TestEnvironment environment, String holder) {
        State state = state(environment);
        synchronized (state) {
            if (state.holder == null && state.queue.isEmpty()) {
                long ticket = tickets.incrementAndGet();
                state.holder = new Holder(environment, holder, clock.instant(), ticket);
                observer.granted(environment, ticket);
                return Optional.of(state.holder);
            }
            return Optional.empty();
        }
    }

    /**
     * Waits for the environment in arrival order and takes it.
     *
     * @param onWait told once, before waiting, who holds the environment and how many wait ahead
     * @throws TimeoutException when {@code timeout} passes first (the caller is no longer queued)
     */
    public Holder acquire(TestEnvironment environment, String holder, Duration timeout, WaitListener onWait)
            throws InterruptedException, TimeoutException {
        State state = state(environment);
        Waiter waiter;
        Holder current;
        int ahead;
        synchronized (state) {
            long ticket = tickets.incrementAndGet();
            if (state.holder == null && state.queue.isEmpty()) {
                state.holder = new Holder(environment, holder, clock.instant(), ticket);
                observer.granted(environment, ticket);
                return state.holder;
            }
            waiter = new Waiter(holder, ticket, new CompletableFuture<>());
            ahead = state.queue.size();
            state.queue.addLast(waiter);
            current = state.holder;
            observer.queued(environment, ticket);
        }
        onWait.waiting(current, ahead);
        try {
            return waiter.granted().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | InterruptedException e) {
            synchronized (state) {
                if (!state.queue.remove(waiter)) {
                    // Granted at the same moment: hand it on rather than leave it held by nobody.
                    Holder granted = waiter.granted().getNow(null);
                    if (granted != null) {
                        release(granted);
                    }
                }
            }
            throw e;
        } catch (ExecutionException | CancellationException e) {
            throw new IllegalStateException("The wait for " + environment + " ended unexpectedly", e);
        }
    }

    /** Told who holds an environment when a run starts to wait for it. */
    @FunctionalInterface
    public interface WaitListener {
        WaitListener NONE = (holder, ahead) -> { };

        void waiting(Holder holder, int ahead);
    }

    /** Gives the environment back; the longest waiter, if any, holds it from now on. */
    public void release(Holder lease) {
        State state = state(lease.environment());
        Waiter next;
        Holder handedOver;
        synchronized (state) {
            if (state.holder == null || state.holder.ticket() != lease.ticket()) {
                return; // already released (release is idempotent)
            }
            next = state.queue.pollFirst();
            handedOver = next == null ? null
                    : new Holder(lease.environment(), next.holder(), clock.instant(), next.ticket());
            state.holder = handedOver;
            if (next != null) {
                observer.granted(lease.environment(), next.ticket());
                next.granted().complete(handedOver);
            }
        }
    }

    public Optional<Holder> holder(TestEnvironment environment) {
        State state = state(environment);
        synchronized (state) {
            return Optional.ofNullable(state.holder);
        }
    }

    /** The runs waiting for an environment, longest first. */
    public List<String> waiting(TestEnvironment environment) {
        State state = state(environment);
        synchronized (state) {
            List<String> waiting = new ArrayList<>();
            state.queue.forEach(w -> waiting.add(w.holder()));
            return waiting;
        }
    }

    /** A line for the console and the run page: what a run waits for, who holds it, since when. */
    public static String describeWait(TestEnvironment environment, Holder holder, int ahead, Instant now) {
        String who = holder == null ? "a run that is just finishing"
                : holder.holder() + " since " + holder.since() + " (" + humanDuration(Duration.between(holder.since(), now))
                        + ")";
        return "Waiting for test environment " + environment + " (" + environment.resourceName() + "), held by " + who
                + (ahead == 0 ? "; next in line" : "; " + ahead + " waiting ahead");
    }

    static String humanDuration(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        return seconds / 3600 + " h " + seconds / 60 % 60 + " min";
    }
}
