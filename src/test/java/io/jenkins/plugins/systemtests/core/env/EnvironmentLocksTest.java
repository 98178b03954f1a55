package io.jenkins.plugins.systemtests.core.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.systemtests.core.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EnvironmentLocksTest {
    private static final TestEnvironment SEVEN = TestEnvironment.parse("7");
    private static final Duration LONG = Duration.ofMinutes(5);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final EnvironmentLocks locks = new EnvironmentLocks(clock, EnvironmentLocks.Observer.NONE);

    @Test
    void a_free_environment_is_taken_at_once_and_a_busy_one_is_not() throws Exception {
        EnvironmentLocks.Holder first = locks.tryAcquire(SEVEN, "lab #1").orElseThrow();

        assertThat(locks.tryAcquire(SEVEN, "lab #2")).isEmpty();
        assertThat(locks.tryAcquire(TestEnvironment.parse("8"), "lab #2")).isPresent();
        assertThat(locks.holder(SEVEN)).contains(first);

        locks.release(first);
        locks.release(first); // idempotent
        assertThat(locks.holder(SEVEN)).isEmpty();
    }

    @Test
    void waiters_are_served_in_arrival_order_and_each_release_hands_over_at_once() throws Exception {
        EnvironmentLocks.Holder held = locks.tryAcquire(SEVEN, "lab #1").orElseThrow();
        List<String> served = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (String name : List.of("lab #2", "lab #3", "lab #4")) {
            Thread t = new Thread(() -> {
                try {
                    EnvironmentLocks.Holder h = locks.acquire(SEVEN, name, LONG, EnvironmentLocks.WaitListener.NONE);
                    served.add(h.holder());
                    locks.release(h);
                } catch (Exception e) {
                    served.add("failed: " + e);
                }
            });
            t.start();
            threads.add(t);
            waitUntil(() -> locks.waiting(SEVEN).contains(name));
        }
        assertThat(locks.waiting(SEVEN)).containsExactly("lab #2", "lab #3", "lab #4");

        locks.release(held);
        for (Thread t : threads) {
            t.join(10_000);
        }
        assertThat(served).containsExactly("lab #2", "lab #3", "lab #4");
    }

    @Test
    void a_waiter_is_told_who_holds_the_environment_since_when() throws Exception {
        locks.tryAcquire(SEVEN, "job lab #12").orElseThrow();
        clock.advance(Duration.ofSeconds(75));
        AtomicReference<String> told = new AtomicReference<>();

        assertThatThrownBy(() -> locks.acquire(SEVEN, "job lab #13", Duration.ofMillis(50), (holder, ahead) ->
                told.set(EnvironmentLocks.describeWait(SEVEN, holder, ahead, clock.instant()))))
                .isInstanceOf(TimeoutException.class);

        assertThat(told.get()).isEqualTo("Waiting for test environment 7 (system-test-env-7), held by job lab #12 since "
                + "2026-11-22T10:00:00Z (1 min 15 s); next in line");
        assertThat(locks.waiting(SEVEN)).as("a timed-out waiter leaves the queue").isEmpty();
    }

    @Test
    void an_interrupted_waiter_leaves_the_queue_and_the_next_one_is_served() throws Exception {
        EnvironmentLocks.Holder held = locks.tryAcquire(SEVEN, "lab #1").orElseThrow();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread aborted = new Thread(() -> {
            try {
                locks.acquire(SEVEN, "aborted", LONG, EnvironmentLocks.WaitListener.NONE);
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        aborted.start();
        waitUntil(() -> locks.waiting(SEVEN).contains("aborted"));
        CountDownLatch nextServed = new CountDownLatch(1);
        Thread next = new Thread(() -> {
            try {
                locks.acquire(SEVEN, "next", LONG, EnvironmentLocks.WaitListener.NONE);
                nextServed.countDown();
            } catch (Exception e) {
                outcome.set(e);
            }
        });
        next.start();
        waitUntil(() -> locks.waiting(SEVEN).size() == 2);

        aborted.interrupt();
        aborted.join(10_000);
        locks.release(held);

        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
        assertThat(nextServed.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(locks.holder(SEVEN).orElseThrow().holder()).isEqualTo("next");
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in 10 s");
            }
            Thread.sleep(1);
        }
    }
}
