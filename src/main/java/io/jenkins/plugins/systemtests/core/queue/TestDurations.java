package io.jenkins.plugins.systemtests.core.queue;

import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.core.store.RunResults;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How long each test of a plan is expected to take: the median of its durations over its last {@link #SAMPLES}
 * finished runs in the job (a median, so that one run on a slow rig or one hang does not reorder the queue). Only the
 * small results files of finished runs are read, newest first, until every test has its samples or
 * {@link #RUNS_READ} runs were read.
 */
public final class TestDurations {
    /** How many of a test's finished runs its median is taken over. */
    public static final int SAMPLES = 5;
    /** At most this many of the job's runs are read, however many tests lack samples. */
    static final int RUNS_READ = 50;

    private TestDurations() {
    }

    /**
     * The median duration in milliseconds of each of these tests that finished in the job's runs.
     *
     * @param jobRunsNewestFirst the job's runs, newest first (ongoing ones are passed over)
     */
    public static Map<String, Long> medians(List<RunSummary> jobRunsNewestFirst, RunResults.Source source,
            Set<String> keys) {
        Map<String, List<Long>> samples = new HashMap<>();
        Set<String> wanting = new HashSet<>(keys);
        int read = 0;
        for (RunSummary run : jobRunsNewestFirst) {
            if (wanting.isEmpty() || read >= RUNS_READ) {
                break;
            }
            if (run.ongoing()) {
                continue;
            }
            RunResults results = source.results(run.id()).orElse(null);
            if (results == null) {
                continue;
            }
            read++;
            List<String> planKeys;
            try {
                planKeys = source.planKeys(results.planHash());
            } catch (IOException e) {
                continue; // a plan that cannot be read gives no samples; older runs still do
            }
            for (int i = 0; i < planKeys.size() && i < results.durationsMs().length; i++) {
                String key = planKeys.get(i);
                int duration = results.durationsMs()[i];
                if (duration < 0 || !wanting.contains(key) || !results.status(i).isFinal()
                        || results.status(i) == TestStatus.CANCELLED) {
                    continue;
                }
                List<Long> taken = samples.computeIfAbsent(key, k -> new ArrayList<>());
                taken.add((long) duration);
                if (taken.size() >= SAMPLES) {
                    wanting.remove(key);
                }
            }
        }
        Map<String, Long> medians = new HashMap<>();
        samples.forEach((key, durations) -> medians.put(key, median(durations)));
        return medians;
    }

    /** The middle value, or the mean of the two middle ones; 0 for none. */
    public static long median(List<Long> values) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
