package io.jenkins.plugins.systemtests.core.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The race of the system this replaces, and why this design cannot have it; then 32 threads contending for 10
 * environments over a million acquire/release operations.
 */
class EnvironmentLocksStressTest {
    private static final int THREADS = 32;
    private static final int ENVIRONMENTS = 10;
    private static final int OPERATIONS = 1_000_000;

    /** The original allocator: look whether the environment is free, then mark it busy. */
    static final class CheckThenSetAllocator {
        private final Map<String, Boolean> busy = new ConcurrentHashMap<>();
        private final Runnable betweenCheckAndSet;

        CheckThenSetAllocator(Runnable betweenCheckAndSet) {
            this.betweenCheckAndSet = betweenCheckAndSet;
        }

        boolean tryTake(String environment) {
            if (busy.getOrDefault(environment, false)) {
                return false;
            }
            betweenCheckAndSet.run();
            busy.put(environment, true);
            return true;
        }
    }

    @Test
    void the_original_check_then_set_gives_one_environment_to_two_runs() throws Exception {
        CyclicBarrier bothChecked = new CyclicBarrier(2);
        CheckThenSetAllocator naive = new CheckThenSetAllocator(() -> await(bothChecked));

        List<Boolean> taken = runTwice(() -> naive.tryTake("system-test-env-7"));

        assertThat(taken).containsExactly(true, true); // both runs now use environment 7
    }

    @Test
    void here_checking_and_taking_are_one_step_so_the_same_interleaving_gives_it_to_one_run() throws Exception {
        EnvironmentLocks locks = new EnvironmentLocks();
        TestEnvironment seven = TestEnvironment.parse("7");
        CyclicBarrier bothArrived = new CyclicBarrier(2);

        List<Boolean> taken = runTwice(() -> {
            await(bothArrived); // the two runs ask at the same moment, as in the race above
            return locks.tryAcquire(seven, Thread.currentThread().getName()).isPresent();
        });

        assertThat(taken).containsExactlyInAnyOrder(true, false);
    }

    @Test
    void no_environment_is_ever_held_twice_and_waiters_are_served_in_arrival_order() throws Exception {
        Map<TestEnvironment, List<Long>> queuedOrder = new ConcurrentHashMap<>();
        Map<TestEnvironment, List<Long>> servedFromQueue = new ConcurrentHashMap<>();
        Map<TestEnvironment, java.util.Set<Long>> queuedTickets = new ConcurrentHashMap<>();
        EnvironmentLocks.Observer observer = new EnvironmentLocks.Observer() {
            @Override
            public void queued(TestEnvironment environment, long ticket) { // under the environment's lock
                queuedOrder.computeIfAbsent(environment, e -> new ArrayList<>()).add(ticket);
                queuedTickets.computeIfAbsent(environment, e -> ConcurrentHashMap.newKeySet()).add(ticket);
            }

            @Override
            public void granted(TestEnvironment environment, long ticket) {
                if (queuedTickets.getOrDefault(environment, java.util.Set.of()).contains(ticket)) {
                    servedFromQueue.computeIfAbsent(environment, e -> new ArrayList<>()).add(ticket);
                }
            }
        };
        EnvironmentLocks locks = new EnvironmentLocks(Clock.systemUTC(), observer);
        List<TestEnvironment> environments = new ArrayList<>();
        AtomicInteger[] inUse = new AtomicInteger[ENVIRONMENTS];
        for (int i = 0; i < ENVIRONMENTS; i++) {
            environments.add(TestEnvironment.parse(Integer.toString(i + 1)));
            inUse[i] = new AtomicInteger();
        }
        AtomicLong doubleAllocations = new AtomicLong();
        AtomicLong operations = new AtomicLong();

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int seed = t;
            done.add(pool.submit(() -> {
                java.util.Random random = new java.util.Random(seed);
                for (int op = 0; op < OPERATIONS / THREADS; op++) {
                    int e = random.nextInt(ENVIRONMENTS);
                    EnvironmentLocks.Holder lease = locks.acquire(environments.get(e), "t" + seed, Duration.ofMinutes(5),
                            EnvironmentLocks.WaitListener.NONE);
                    if (inUse[e].incrementAndGet() != 1) {
                        doubleAllocations.incrementAndGet();
                    }
                    inUse[e].decrementAndGet();
                    locks.release(lease);
                    operations.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();

        long outOfOrder = environments.stream().filter(e -> !servedFromQueue.getOrDefault(e, List.of())
                .equals(queuedOrder.getOrDefault(e, List.of()))).count();
        io.jenkins.plugins.systemtests.core.support.Reliability.report("lock-stress", "threads", THREADS,
                "environments", ENVIRONMENTS, "operations", operations.get(), "doubleAllocations",
                doubleAllocations.get(), "environmentsServedOutOfOrder", outOfOrder);
        assertThat(operations.get()).isGreaterThanOrEqualTo(OPERATIONS);
        assertThat(doubleAllocations.get()).isZero();
        long waited = queuedOrder.values().stream().mapToLong(List::size).sum();
        assertThat(waited).as("contention actually happened").isGreaterThan(OPERATIONS / 100);
        for (TestEnvironment environment : environments) {
            assertThat(servedFromQueue.getOrDefault(environment, List.of()))
                    .as("served in arrival order on %s", environment)
                    .isEqualTo(queuedOrder.getOrDefault(environment, List.of()));
            assertThat(locks.holder(environment)).isEmpty();
        }
    }

    private static List<Boolean> runTwice(java.util.concurrent.Callable<Boolean> attempt) throws Exception {
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            Future<Boolean> a = two.submit(attempt);
            Future<Boolean> b = two.submit(attempt);
            return List.of(a.get(), b.get());
        } finally {
            two.shutdown();
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
