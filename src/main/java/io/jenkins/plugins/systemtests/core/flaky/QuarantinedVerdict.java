package io.jenkins.plugins.systemtests.core.flaky;

import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.core.runner.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The build's verdict with a job's quarantine applied: the outcomes of quarantined tests that would make the build
 * unstable or failed are left out of the counts the verdict is made from. They stay in the run, its pages and its JUnit
 * XML; only the build's result no longer depends on them.
 *
 * @param verdict     the verdict on the other tests
 * @param quarantined the quarantined tests whose outcome was left out, with their outcome, in run order
 */
public record QuarantinedVerdict(Verdict verdict, List<Ignored> quarantined) {
    /** A quarantined test whose outcome would have counted. */
    public record Ignored(String testId, TestStatus status, QuarantineEntry entry) {
    }

    /** One test of the finished run: its {@link TestId} and its status. */
    public record Outcome(String testId, TestStatus status) {
    }

    public static QuarantinedVerdict of(Map<TestStatus, Integer> counts, List<Outcome> outcomes, Quarantine quarantine,
            Set<TestStatus> unstableOn, Set<TestStatus> failureOn, Instant now) {
        Map<TestStatus, Integer> counted = new EnumMap<>(TestStatus.class);
        counted.putAll(counts);
        List<Ignored> ignored = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            if (!unstableOn.contains(outcome.status()) && !failureOn.contains(outcome.status())) {
                continue;
            }
            quarantine.active(outcome.testId(), now).ifPresent(entry -> {
                counted.merge(outcome.status(), -1, Integer::sum);
                ignored.add(new Ignored(outcome.testId(), outcome.status(), entry));
            });
        }
        return new QuarantinedVerdict(Verdict.of(counted, unstableOn, failureOn), List.copyOf(ignored));
    }
}
