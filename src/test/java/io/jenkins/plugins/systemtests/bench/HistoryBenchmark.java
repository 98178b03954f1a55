package io.jenkins.plugins.systemtests.bench;

import io.jenkins.plugins.systemtests.core.api.JobHistory;
import io.jenkins.plugins.systemtests.core.api.Page;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.model.TestId;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.core.store.RunResults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * History pages over 10,000 builds x 1,000 tests: the trend's first page and one test's history (a window of 50
 * builds), against reading every build's results for that test, the way history must never be read. Targets: first
 * page <= 50 ms, per-test history <= 100 ms, <= 64 MB heap. Printed, never asserted: {@code mvn -Pbench verify}.
 */
class HistoryBenchmark {
    private static final int BUILDS = Integer.getInteger("bench.builds", 10_000);
    private static final int TESTS = Integer.getInteger("bench.historyTests", 1_000);

    @Test
    void history_windows_against_reading_every_build() throws Exception {
        long heapAtStart = usedHeap();
        Path root = Files.createTempDirectory("history-bench");
        Path plans = root.resolve("plans");
        List<String> keys = new ArrayList<>();
        for (int t = 0; t < TESTS; t++) {
            keys.add(new TestId("feature_" + t / 100, "test_" + t + ".py").key());
        }
        String plan = RunResults.hash(keys);
        Random random = new Random(7);
        List<RunSummary> summaries = new ArrayList<>(BUILDS);
        char[] statuses = new char[TESTS];
        int[] durations = new int[TESTS];
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (int b = 1; b <= BUILDS; b++) {
            for (int t = 0; t < TESTS; t++) {
                statuses[t] = random.nextInt(50) == 0 ? 'F' : 'P';
                durations[t] = 100 + random.nextInt(900);
            }
            Path dir = root.resolve("runs").resolve(Integer.toString(b));
            Files.createDirectories(dir);
            RunResults.write(dir, plans, plan, keys, new String(statuses), durations);
            Map<TestStatus, Integer> counts = new EnumMap<>(TestStatus.class);
            counts.put(TestStatus.PASSED, TESTS);
            Instant created = start.plusSeconds(600L * b);
            summaries.add(new RunSummary(b, "agent-" + b % 4, "job/lab/job/nightly/" + b + "/", TestStatus.PASSED, false,
                    TESTS, counts, created, created.plusSeconds(300), null, "7", "alice"));
        }
        RunResults.Source source = new RunResults.Source() {
            @Override
            public Optional<RunResults> results(long runId) {
                try {
                    return Optional.of(RunResults.read(root.resolve("runs").resolve(Long.toString(runId))));
                } catch (IOException e) {
                    return Optional.empty();
                }
            }

            @Override
            public List<String> planKeys(String planHash) throws IOException {
                return RunResults.readPlan(plans, planHash);
            }
        };

        JobHistory history = new JobHistory(source);
        double[] firstPage = new double[30];
        double[] testHistory = new double[30];
        for (int i = 0; i < 30; i++) {
            long t0 = System.nanoTime();
            history.trend(history.runsOf(summaries, "lab/nightly"), new Page.Request(0, 20));
            long t1 = System.nanoTime();
            history.testHistory(history.runsOf(summaries, "lab/nightly"),
                    new TestId("feature_" + i % 10, "test_" + (i * 31 % TESTS) + ".py"), new Page.Request(0, 50));
            long t2 = System.nanoTime();
            firstPage[i] = (t1 - t0) / 1e6;
            testHistory[i] = (t2 - t1) / 1e6;
        }
        long heapUsed = usedHeap() - heapAtStart;
        java.lang.ref.Reference.reachabilityFence(summaries); // both were held while the heap was measured
        java.lang.ref.Reference.reachabilityFence(history);

        long t0 = System.nanoTime();
        int failures = 0;
        for (RunSummary run : summaries) { // the baseline: every build read for one test
            RunResults results = source.results(run.id()).orElseThrow();
            if (results.status(123) == TestStatus.FAILED) {
                failures++;
            }
        }
        double everyBuild = (System.nanoTime() - t0) / 1e6;

        double page = median(firstPage);
        double perTest = median(testHistory);
        System.out.printf("%n%-58s %10s %-6s %s%n", "history (" + BUILDS + " builds x " + TESTS + " tests)", "figure",
                "unit", "ratio to reading every build");
        System.out.printf("%-58s %10.1f %-6s %s%n", "one test, reading every build's results (baseline)", everyBuild,
                "ms", "1.00");
        System.out.printf("%-58s %10.2f %-6s %.4f%n", "trend, first page of 20 (median of 30)", page, "ms",
                page / everyBuild);
        System.out.printf("%-58s %10.2f %-6s %.4f%n", "one test's history, window of 50 builds (median of 30)", perTest,
                "ms", perTest / everyBuild);
        System.out.printf("%-58s %10.1f %-6s%n", "heap held by summaries and the history reader", heapUsed / 1048576.0,
                "MB");
        System.out.printf("(targets: first page <= 50 ms, per-test history <= 100 ms, heap <= 64 MB; %d failures seen)%n%n",
                failures);
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
