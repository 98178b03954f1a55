package io.jenkins.plugins.systemtests.bench;

import io.jenkins.plugins.systemtests.core.env.EnvironmentLocks;
import io.jenkins.plugins.systemtests.core.env.TestEnvironment;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Hand-off latency: from the release of a test environment to the moment the next waiting run holds it, against a
 * fair {@link Semaphore} measured the same way in the same run. Target: at most 100 ms. Printed, never asserted.
 */
class LockHandoffBenchmark {
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5_000);

    @FunctionalInterface
    private interface Lock {
        void acquire() throws Exception;
    }

    @Test
    void release_to_next_waiter_start() throws Exception {
        EnvironmentLocks locks = new EnvironmentLocks();
        TestEnvironment seven = TestEnvironment.parse("7");
        EnvironmentLocks.Holder[] held = {locks.tryAcquire(seven, "holder").orElseThrow()};
        long[] environment = measure(() -> held[0] = locks.acquire(seven, "waiter", Duration.ofMinutes(1),
                EnvironmentLocks.WaitListener.NONE), () -> locks.release(held[0]));

        Semaphore semaphore = new Semaphore(1, true);
        semaphore.acquire();
        long[] fairSemaphore = measure(semaphore::acquire, semaphore::release);

        System.out.printf("%n%-46s %10s %10s %10s %s%n", "lock hand-off (" + ROUNDS + " rounds)", "p50 us", "p99 us",
                "max us", "p50 ratio to baseline");
        print("fair java.util.concurrent.Semaphore (baseline)", fairSemaphore, fairSemaphore);
        print("EnvironmentLocks (FIFO, direct hand-off)", environment, fairSemaphore);
        System.out.println();
    }

    /** Each round: a waiter blocks in {@code acquire}; the holder releases; the time until the waiter runs. */
    private static long[] measure(Lock acquire, Runnable release) throws Exception {
        long[] latencies = new long[ROUNDS];
        for (int round = -500; round < ROUNDS; round++) { // the first 500 warm up
            AtomicLong acquiredAt = new AtomicLong();
            Thread waiter = new Thread(() -> {
                try {
                    acquire.acquire();
                    acquiredAt.set(System.nanoTime());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            waiter.start();
            while (waiter.getState() != Thread.State.WAITING && waiter.getState() != Thread.State.TIMED_WAITING) {
                Thread.onSpinWait();
            }
            long releasedAt = System.nanoTime();
            release.run();
            waiter.join();
            if (round >= 0) {
                latencies[round] = acquiredAt.get() - releasedAt;
            }
        }
        Arrays.sort(latencies);
        return latencies;
    }

    private static void print(String name, long[] sorted, long[] baseline) {
        System.out.printf("%-46s %10.1f %10.1f %10.1f %.2f%n", name, us(sorted, 0.50), us(sorted, 0.99),
                sorted[sorted.length - 1] / 1000.0, us(sorted, 0.50) / us(baseline, 0.50));
    }

    private static double us(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(quantile * (sorted.length - 1)))] / 1000.0;
    }
}
