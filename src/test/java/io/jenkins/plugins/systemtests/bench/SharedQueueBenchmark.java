package io.jenkins.plugins.systemtests.bench;

import io.jenkins.plugins.systemtests.core.api.JobHistory;
import io.jenkins.plugins.systemtests.core.config.Settings;
import io.jenkins.plugins.systemtests.core.ingest.IngestionService;
import io.jenkins.plugins.systemtests.core.library.TestLibrary;
import io.jenkins.plugins.systemtests.core.model.TestRun;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import io.jenkins.plugins.systemtests.core.queue.QueueRun;
import io.jenkins.plugins.systemtests.core.queue.TestDurations;
import io.jenkins.plugins.systemtests.core.runner.BuildRun;
import io.jenkins.plugins.systemtests.core.runner.RunSettings;
import io.jenkins.plugins.systemtests.core.secrets.SecretEnvironment;
import io.jenkins.plugins.systemtests.core.secrets.SecretMasker;
import io.jenkins.plugins.systemtests.core.store.RunLocator;
import io.jenkins.plugins.systemtests.core.store.RunStore;
import io.jenkins.plugins.systemtests.runner.LocalFolderAgent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * One plan of 200 tests with skewed durations (sleeps: 4 long, 16 medium, 180 short, each varying by up to +-30%
 * from build to build) on 1, 2 and 4 environments through the real shared queue: real runners in queue mode, one per
 * environment, two builds each (the second ordered by the first's durations). Printed beside the bound
 * {@code max(total / N, longest test)} and beside two static splits of the same tests with the same measured times: a
 * round-robin split, and a longest-first split by the previous build's times only (what a split computed before the
 * build can do). The static splits are simulated from the measured test times without any overhead, which favours
 * them. Printed, never asserted: {@code mvn -Pbench verify}.
 */
class SharedQueueBenchmark {
    private static final String PYTHON = System.getenv().getOrDefault("SYSTEM_TESTS_PYTHON", "python3");
    private static final int TESTS = 200;
    private static final double SCALE = Double.parseDouble(System.getProperty("bench.queueScale", "1.0"));

    @Test
    void shared_queue_against_static_splits_on_1_2_and_4_environments() throws Exception {
        Path workspace = Files.createTempDirectory("queue-bench");
        double[][] seconds = durations();
        writeTests(workspace, seconds);
        System.out.printf(Locale.ROOT, "%n%-14s %5s %8s %8s %8s %8s %6s %12s %12s%n", "environments", "build", "wall s",
                "total s", "longest", "bound s", "ratio", "round-robin", "last-build");
        for (int environments : new int[] {1, 2, 4}) {
            Path store = Files.createTempDirectory("queue-bench-store");
            try (RunStore runs = RunStore.open(store, RunLocator.STANDALONE)) {
                IngestionService service = new IngestionService(runs, Clock.systemUTC(), () -> new Settings(false, 60),
                        id -> "/runs/" + id);
                long[] previous = null;
                for (int build = 1; build <= 2; build++) {
                    Result result = run(workspace, service, runs, environments, build);
                    double total = result.durationsMs.values().stream().mapToLong(Long::longValue).sum() / 1000.0;
                    double longest = result.durationsMs.values().stream().mapToLong(Long::longValue).max().orElse(0)
                            / 1000.0;
                    double bound = Math.max(total / environments, longest);
                    long[] measured = new long[TESTS];
                    result.durationsMs.forEach((index, ms) -> measured[index] = ms);
                    double roundRobin = roundRobin(measured, environments) / 1000.0;
                    String lastBuild = previous == null ? "-" : String.format(Locale.ROOT, "%.1f",
                            byPrevious(previous, measured, environments) / 1000.0);
                    System.out.printf(Locale.ROOT, "%-14d %5d %8.1f %8.1f %8.1f %8.1f %6.2f %12.1f %12s%n",
                            environments, build, result.wallMs / 1000.0, total, longest, bound,
                            result.wallMs / 1000.0 / bound, roundRobin, lastBuild);
                    previous = measured;
                }
            }
        }
        System.out.printf(Locale.ROOT, "(ratio: wall / max(total / N, longest); target <= 1.15 from the second build; "
                + "static splits simulated from the measured times; %d cores)%n%n",
                Runtime.getRuntime().availableProcessors());
    }

    /** Seconds of each test in builds 1 and 2: long ones last in the plan, so plan order would be the worst. */
    private static double[][] durations() {
        Random random = new Random(11);
        double[][] seconds = new double[TESTS][2];
        for (int i = 0; i < TESTS; i++) {
            double base = i >= TESTS - 4 ? 4.0 : i % 12 == 0 ? 0.5 : 0.08;
            for (int b = 0; b < 2; b++) {
                seconds[i][b] = base * SCALE * (0.7 + 0.6 * random.nextDouble());
            }
        }
        return seconds;
    }

    private static void writeTests(Path workspace, double[][] seconds) throws IOException {
        Files.createDirectories(workspace.resolve("t"));
        for (int i = 0; i < TESTS; i++) {
            Files.writeString(workspace.resolve(String.format("t/test_%03d.py", i)), String.format(Locale.ROOT,
                    "import os, time%ntime.sleep((%.3f, %.3f)[int(os.environ['BENCH_BUILD']) - 1])%n", seconds[i][0],
                    seconds[i][1]));
        }
    }

    private record Result(long wallMs, Map<Integer, Long> durationsMs) {
    }

    private static Result run(Path workspace, IngestionService service, RunStore store, int environments, int build)
            throws Exception {
        LocalFolderAgent agent = new LocalFolderAgent(workspace);
        RunSettings settings = RunSettings.of(List.of("t"), "", PYTHON, 1, "results.xml", null, null);
        String buildUrl = "job/bench-" + environments + "/" + build + "/";
        QueueRun.Lab lab = new QueueRun.Lab() {
            @Override
            public boolean tryLock(String environment) {
                return true;
            }

            @Override
            public void release(String environment) {
            }

            @Override
            public BuildRun launch(String environment) throws IOException, InterruptedException, RejectedException {
                return BuildRun.startShare(agent, settings, new BuildRun.Origin("lab", buildUrl, null),
                        new TestLibrary(workspace.resolveSibling(workspace.getFileName() + "-library")),
                        new SecretEnvironment(), Map.of("PATH", System.getenv("PATH"), "BENCH_BUILD",
                                Integer.toString(build)), 1, line -> { }, environment);
            }

            @Override
            public BuildRun.Agent agent(String environment) {
                return agent;
            }

            @Override
            public Map<String, Long> medians(Set<String> keys) {
                return TestDurations.medians(new JobHistory(store).runsOf(service.reader().summaries(),
                        "bench-" + environments), store, keys);
            }

            @Override
            public void writeJunit(byte[] xml) throws IOException {
                Files.write(workspace.resolve("results.xml"), xml);
            }
        };
        List<String> names = new ArrayList<>();
        for (int e = 1; e <= environments; e++) {
            names.add(Integer.toString(e));
        }
        long start = System.nanoTime();
        QueueRun queue = new QueueRun(names, System.currentTimeMillis());
        Optional<BuildRun.Finished> finished = Optional.empty();
        while (finished.isEmpty()) {
            finished = queue.poll(lab, service, new SecretMasker(List.of()), settings, text -> { }, line -> { },
                    BuildRun.RUNNER_GONE_AFTER, System.currentTimeMillis());
            Thread.sleep(100); // the plugin's poll is 250 ms; a unit is prefetched, so it rarely matters
        }
        long wallMs = (System.nanoTime() - start) / 1_000_000;
        Map<Integer, Long> durations = service.reader().read(finished.get().runId(), (TestRun run) -> {
            Map<Integer, Long> ms = new HashMap<>();
            for (int i = 0; i < run.testCount(); i++) {
                ms.put(i, Duration.between(run.start(i).atZone(ZoneId.systemDefault()),
                        run.stop(i).atZone(ZoneId.systemDefault())).toMillis());
            }
            return ms;
        }).orElseThrow();
        return new Result(wallMs, durations);
    }

    /** Test i on environment i mod N, in plan order: the longest environment's sum. */
    private static long roundRobin(long[] measured, int environments) {
        long[] sums = new long[environments];
        for (int i = 0; i < measured.length; i++) {
            sums[i % environments] += measured[i];
        }
        return java.util.Arrays.stream(sums).max().orElse(0);
    }

    /** Longest first by the previous build's times, each to the least loaded environment; run with this build's. */
    private static long byPrevious(long[] previous, long[] measured, int environments) {
        Integer[] order = new Integer[previous.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Long.compare(previous[b], previous[a]));
        long[] planned = new long[environments];
        long[] actual = new long[environments];
        for (int i : order) {
            int least = 0;
            for (int e = 1; e < environments; e++) {
                if (planned[e] < planned[least]) {
                    least = e;
                }
            }
            planned[least] += previous[i];
            actual[least] += measured[i];
        }
        return java.util.Arrays.stream(actual).max().orElse(0);
    }
}
