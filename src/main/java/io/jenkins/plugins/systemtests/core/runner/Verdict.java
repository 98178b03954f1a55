package io.jenkins.plugins.systemtests.core.runner;

import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a run's outcome means for the build: success, unstable or failure, and why. */
public record Verdict(Result result, String reason) {
    public enum Result { SUCCESS, UNSTABLE, FAILURE }

    public static Verdict of(Map<TestStatus, Integer> counts, Set<TestStatus> unstableOn, Set<TestStatus> failureOn) {
        String failing = describe(counts, failureOn);
        if (!failing.isEmpty()) {
            return new Verdict(Result.FAILURE, failing);
        }
        String unstable = describe(counts, unstableOn);
        if (!unstable.isEmpty()) {
            return new Verdict(Result.UNSTABLE, unstable);
        }
        return new Verdict(Result.SUCCESS, "");
    }

    private static String describe(Map<TestStatus, Integer> counts, Set<TestStatus> statuses) {
        List<String> parts = new ArrayList<>();
        for (TestStatus status : TestStatus.DISPLAY_ORDER) {
            int count = counts.getOrDefault(status, 0);
            if (statuses.contains(status) && count > 0) {
                parts.add(count + " " + status.wireName());
            }
        }
        return String.join(", ", parts);
    }

    /** What the pipeline step returns: counts per status (in display order), the overall status, the result and the run's URL. */
    public static Map<String, Object> summary(Map<TestStatus, Integer> counts, TestStatus status, Verdict verdict,
            long runId, String runUrl) {
        return summary(counts, 0, status, verdict, runId, runUrl);
    }

    /** As above, with {@code flaky}: how many of the passed (or warned) tests passed on a retry. */
    public static Map<String, Object> summary(Map<TestStatus, Integer> counts, int flaky, TestStatus status,
            Verdict verdict, long runId, String runUrl) {
        Map<String, Object> summary = new LinkedHashMap<>();
        for (TestStatus s : TestStatus.DISPLAY_ORDER) {
            summary.put(s.wireName(), counts.getOrDefault(s, 0));
        }
        summary.put(TestStatus.FLAKY, flaky);
        summary.put("total", counts.values().stream().mapToInt(Integer::intValue).sum());
        summary.put("status", status.wireName());
        summary.put("result", verdict.result().name());
        summary.put("runId", runId);
        summary.put("url", runUrl);
        return summary;
    }
}
