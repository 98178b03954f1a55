package io.jenkins.plugins.systemtests.bench;

import io.jenkins.plugins.systemtests.core.api.ApiResponse;
import io.jenkins.plugins.systemtests.core.config.Settings;
import io.jenkins.plugins.systemtests.core.ingest.IngestionService;
import io.jenkins.plugins.systemtests.core.model.RunEvent;
import io.jenkins.plugins.systemtests.core.model.TestRun;
import io.jenkins.plugins.systemtests.core.protocol.DryRun;
import io.jenkins.plugins.systemtests.core.protocol.MessageKind;
import io.jenkins.plugins.systemtests.core.protocol.MessageParser;
import io.jenkins.plugins.systemtests.core.protocol.TestStart;
import io.jenkins.plugins.systemtests.core.protocol.TestStop;
import io.jenkins.plugins.systemtests.core.store.RunLocator;
import io.jenkins.plugins.systemtests.core.store.RunStore;
import io.jenkins.plugins.systemtests.core.support.Plans.File;
import io.jenkins.plugins.systemtests.core.support.Plans;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Durable ingestion throughput against an in-memory baseline measured in the same run: the same START/STOP bodies
 * from the same number of concurrent machines, once through the durable store (each answer waits for its fsync),
 * once parsed and applied to runs in memory only. Printed, never asserted: run with {@code mvn -Pbench verify}.
 */
class IngestionBenchmark {
    private static final int MACHINES = Integer.getInteger("bench.machines", 256);
    private static final int TESTS = Integer.getInteger("bench.tests", 400);

    @Test
    void durable_ingestion_against_in_memory() throws Exception {
        List<List<byte[]>> messages = new ArrayList<>();
        List<byte[]> plans = new ArrayList<>();
        for (int m = 0; m < MACHINES; m++) {
            String machine = "bench-" + m;
            List<File> files = new ArrayList<>();
            for (int t = 0; t < TESTS; t++) {
                files.add(new File("/bench", "test_" + t + ".py"));
            }
            plans.add(Plans.dryRun(machine, List.of(files)));
            List<byte[]> events = new ArrayList<>();
            for (int t = 0; t < TESTS; t++) {
                events.add(Plans.start(machine, files.get(t), Plans.timestamp(2 * t)));
                events.add(Plans.stop(machine, files.get(t), "passed", Plans.timestamp(2 * t + 1)));
            }
            messages.add(events);
        }
        long events = (long) MACHINES * TESTS * 2;

        // Each variant runs twice, the first run warming the JIT; the second is reported.
        inMemory(plans, messages);
        double memoryRate = events / inMemory(plans, messages);
        durable(plans, messages);
        double durableRate = events / durable(plans, messages);
        durablePipelined(plans, messages);
        double pipelinedRate = events / durablePipelined(plans, messages);

        System.out.printf("%n%-48s %14s %-10s %s%n", "benchmark", "figure", "unit", "ratio to baseline");
        System.out.printf("%-48s %,14.0f %-10s %s%n", "ingestion, in memory (baseline)", memoryRate, "events/s", "1.00");
        System.out.printf("%-48s %,14.0f %-10s %.2f%n", "ingestion, durable, a thread per request",
                durableRate, "events/s", durableRate / memoryRate);
        System.out.printf("%-48s %,14.0f %-10s %.2f%n", "ingestion, durable, pipelined (receiveAsync)",
                pipelinedRate, "events/s", pipelinedRate / memoryRate);
        System.out.printf("(%d concurrent machines x %d tests, %d cores)%n%n", MACHINES, TESTS,
                Runtime.getRuntime().availableProcessors());
    }

    /** Seconds to parse and apply every event to in-memory runs, one thread per machine. */
    private static double inMemory(List<byte[]> plans, List<List<byte[]>> messages) throws Exception {
        MessageParser parser = new MessageParser();
        return timed(messages.size(), m -> {
            DryRun plan = (DryRun) parser.parse(MessageKind.DRY_RUN, plans.get(m));
            TestRun run = new TestRun(new RunEvent.Created(m, plan, Instant.now()));
            for (byte[] body : messages.get(m)) {
                Object message = parser.parse(body.length > 0 && containsStop(body) ? MessageKind.TEST_STOP
                        : MessageKind.TEST_START, body);
                TestRun.Decision decision = message instanceof TestStop stop ? run.decide(stop, Instant.now())
                        : run.decide((TestStart) message, Instant.now());
                synchronized (run) {
                    run.apply(((TestRun.Change) decision).event());
                }
            }
        });
    }

    /** Seconds for the work on a fresh durable store whose machines have all sent their plans. */
    private static double onFreshStore(List<byte[]> plans, StoreWork work) throws Exception {
        Path home = Files.createTempDirectory("ingestion-bench");
        try (RunStore store = RunStore.open(home, RunLocator.STANDALONE)) {
            IngestionService service = new IngestionService(store, Clock.systemUTC(), () -> Settings.DEFAULTS,
                    id -> "/runs/" + id);
            for (byte[] plan : plans) {
                check(ApiResponse.of(service.receive(MessageKind.DRY_RUN, plan)), 201);
            }
            return work.seconds(service);
        }
    }

    @FunctionalInterface
    private interface StoreWork {
        double seconds(IngestionService service) throws Exception;
    }

    private static double durable(List<byte[]> plans, List<List<byte[]>> messages) throws Exception {
        return onFreshStore(plans, service -> timed(messages.size(), m -> {
            for (byte[] body : messages.get(m)) {
                check(ApiResponse.of(service.receive(containsStop(body) ? MessageKind.TEST_STOP : MessageKind.TEST_START, body)), 202);
            }
        }));
    }

    /**
     * Seconds for two caller threads to send every event through {@code receiveAsync}, machine after machine in
     * turn, keeping up to {@code WINDOW} answers outstanding: each answer still waits for its fsync.
     */
    private static double durablePipelined(List<byte[]> plans, List<List<byte[]>> messages) throws Exception {
        int callers = 2;
        return onFreshStore(plans, service -> timed(callers, caller -> {
            java.util.ArrayDeque<java.util.concurrent.CompletableFuture<io.jenkins.plugins.systemtests.core.ingest.Receipt>> window =
                    new java.util.ArrayDeque<>();
            int perMachine = messages.get(0).size();
            for (int e = 0; e < perMachine; e++) {
                for (int m = caller; m < messages.size(); m += callers) {
                    byte[] body = messages.get(m).get(e);
                    window.add(service.receiveAsync(
                            containsStop(body) ? MessageKind.TEST_STOP : MessageKind.TEST_START, body));
                    if (window.size() >= WINDOW) {
                        check(ApiResponse.of(window.poll().get()), 202);
                    }
                }
            }
            while (!window.isEmpty()) {
                check(ApiResponse.of(window.poll().get()), 202);
            }
        }));
    }

    private static final int WINDOW = 4096;

    @FunctionalInterface
    private interface MachineWork {
        void run(int machine) throws Exception;
    }

    private static double timed(int machines, MachineWork work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(machines);
        try {
            long start = System.nanoTime();
            List<Future<Object>> done = new ArrayList<>();
            for (int m = 0; m < machines; m++) {
                int machine = m;
                done.add(pool.submit((Callable<Object>) () -> {
                    work.run(machine);
                    return null;
                }));
            }
            for (Future<Object> f : done) {
                f.get();
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            pool.shutdown();
        }
    }

    private static boolean containsStop(byte[] body) {
        return new String(body, java.nio.charset.StandardCharsets.UTF_8).contains("\"timestamp_stop\"");
    }

    private static void check(ApiResponse answer, int expected) {
        if (answer.status() != expected) {
            throw new IllegalStateException(answer.status() + " " + answer.body());
        }
    }
}
