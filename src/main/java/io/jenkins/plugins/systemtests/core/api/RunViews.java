package io.jenkins.plugins.systemtests.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.model.TestRun;
import io.jenkins.plugins.systemtests.core.protocol.ProtocolTimestamp;
import io.jenkins.plugins.systemtests.core.protocol.ScenarioPlan;
import io.jenkins.plugins.systemtests.core.protocol.ScriptRef;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON shapes of the read API, typed: records built from the model under the run's lock, written by Jackson with
 * their components in order (docs/api.md, openapi.yaml). A null component is written as null unless it says
 * otherwise.
 */
public final class RunViews {
    private RunViews() {
    }

    /** A run in brief, as lists show it. */
    public record Summary(long id, String machine, String buildUrl, String status, boolean ongoing, int testCount,
            Map<String, Integer> counts, String createdAt, String lastActivity, String endReason, String outcome,
            String environment, String startedBy, long durationMs,
            @JsonInclude(JsonInclude.Include.NON_NULL) String buildResult, int flaky,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long testTimeMs) {
        /** Without the summed test time: the lists that do not read results files. */
        public Summary(long id, String machine, String buildUrl, String status, boolean ongoing, int testCount,
                Map<String, Integer> counts, String createdAt, String lastActivity, String endReason, String outcome,
                String environment, String startedBy, long durationMs, String buildResult, int flaky) {
            this(id, machine, buildUrl, status, ongoing, testCount, counts, createdAt, lastActivity, endReason, outcome,
                    environment, startedBy, durationMs, buildResult, flaky, null);
        }

        /**
         * With the summed time of its tests (a job's trend: against the wall time, what several environments
         * sharing one queue saved).
         */
        public Summary withTestTimeMs(Long summed) {
            return new Summary(id, machine, buildUrl, status, ongoing, testCount, counts, createdAt, lastActivity,
                    endReason, outcome, environment, startedBy, durationMs, buildResult, flaky, summed);
        }

        /**
         * The run as Jenkins shows its build: the build's result beside it, and a finished run with failed tests in
         * an UNSTABLE build worded {@code unstable} (Jenkins' word for "tests failed") rather than {@code failed}.
         */
        public Summary inBuild(BuildResults results) {
            if (buildUrl == null || ongoing) {
                return this;
            }
            String result = results.of(buildUrl).orElse(null);
            if (result == null) {
                return this;
            }
            String agreeing = agreeing(outcome, result);
            return new Summary(id, machine, buildUrl, status, ongoing, testCount, counts, createdAt, lastActivity,
                    endReason, agreeing, environment, startedBy, durationMs, result, flaky, testTimeMs);
        }
    }

    /** A run's whole tree; from a delta at version 0 also {@code complete} and {@code full: true}. */
    public record Tree(@JsonUnwrapped Summary summary, long version, String planTimestamp, Master masterScenario,
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean complete,
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean full) {
    }

    public record Master(String filePath, String fileName, String status, List<Scenario> scenarios) {
    }

    public record Scenario(String filePath, String fileName, int index, String status, List<Test> tests) {
    }

    /**
     * One test: {@code runningSinceMs} (the controller's clock) while it runs, {@code expectedMs} when an earlier run
     * of the same plan says how long it takes; for a retried test {@code attempt} (the number of its current or last
     * attempt), {@code attempts} (the earlier ones, oldest first: its status, times and reason are the last
     * attempt's) and {@code flaky: true} when it passed after a failed or errored attempt.
     */
    public record Test(String filePath, String fileName, int index, int scenario, String status, String start,
            String stop, Long durationMs, @JsonInclude(JsonInclude.Include.NON_NULL) Long runningSinceMs,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer expectedMs,
            @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer attempt,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<AttemptView> attempts,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean flaky) {
    }

    /** An earlier attempt of a retried test; {@code attempt} counts from 1. */
    public record AttemptView(int attempt, String status, String start, String stop, Long durationMs,
            @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {
    }

    /** One test with its script text. */
    public record TestWithScript(@JsonUnwrapped Test test, String script, boolean scriptTruncated, long runId) {
    }

    /** What changed since a version the page has: the run's status and counts, the changed tests and scenarios. */
    public record Delta(long id, long version, boolean complete, String status, String endReason,
            Map<String, Integer> counts, int flaky, List<ScenarioStatus> scenarios, List<TestChange> tests) {
    }

    public record ScenarioStatus(int index, String status) {
    }

    public record TestChange(int index, String status, String start, String stop, Long durationMs,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long runningSinceMs,
            @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer attempt,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean flaky) {
    }

    /** A run's outcome as Jenkins shows its build: failed tests in an UNSTABLE build read {@code unstable}. */
    public static String agreeing(String outcome, String buildResult) {
        return "failed".equals(outcome) && "unstable".equals(buildResult) ? "unstable" : outcome;
    }

    /** {@link Summary#inBuild}'s outcome without building the summary; a build is looked up only for a failed run. */
    public static String outcomeInBuild(RunSummary run, BuildResults results) {
        String outcome = run.outcome();
        return "failed".equals(outcome) && run.buildUrl() != null
                ? agreeing(outcome, results.of(run.buildUrl()).orElse(null)) : outcome;
    }

    public static Summary summary(RunSummary s) {
        return new Summary(s.id(), s.machineName(), s.buildUrl(), s.status().wireName(), s.ongoing(), s.testCount(),
                counts(s.counts()), s.createdAt().toString(), s.lastActivity().toString(),
                s.endReason() == null ? null : s.endReason().name().toLowerCase(Locale.ROOT), s.outcome(),
                s.environment(), s.startedBy(), Duration.between(s.createdAt(), s.lastActivity()).toMillis(), null,
                s.flaky());
    }

    /** The whole tree: master scenario, scenarios, tests with status and times (scripts are served per test). */
    public static Tree tree(TestRun run) {
        return tree(run, null, null);
    }

    private static Tree tree(TestRun run, int[] expected, Boolean complete) {
        List<Scenario> scenarios = new ArrayList<>();
        int testIndex = 0;
        for (int s = 0; s < run.scenarios().size(); s++) {
            ScenarioPlan plan = run.scenarios().get(s);
            List<Test> tests = new ArrayList<>();
            for (int t = 0; t < plan.tests().size(); t++) {
                int index = testIndex++;
                tests.add(test(run, index, expected != null && index < expected.length && expected[index] >= 0
                        ? expected[index] : null));
            }
            scenarios.add(new Scenario(plan.scenario().filePath(), plan.scenario().fileName(), s,
                    run.scenarioStatus(s).wireName(), tests));
        }
        ScriptRef master = run.plan().masterScenario();
        return new Tree(summary(run.summary()), run.version(), ProtocolTimestamp.format(run.plan().timestamp()),
                new Master(master.filePath(), master.fileName(), run.status().wireName(), scenarios), complete,
                complete == null ? null : Boolean.TRUE);
    }

    public static Test test(TestRun run, int index) {
        return test(run, index, null);
    }

    private static Test test(TestRun run, int index, Integer expectedMs) {
        ScriptRef ref = run.test(index);
        LocalDateTime start = run.start(index);
        LocalDateTime stop = run.stop(index);
        return new Test(ref.filePath(), ref.fileName(), index, run.scenarioOf(index), run.status(index).wireName(),
                format(start), format(stop), durationMs(start, stop), runningSinceMs(run, index), expectedMs,
                run.reason(index), attempt(run, index), attempts(run, index), flaky(run, index));
    }

    private static Integer attempt(TestRun run, int index) {
        int earlier = run.attempts(index).size();
        return earlier == 0 ? null : earlier + 1;
    }

    private static List<AttemptView> attempts(TestRun run, int index) {
        List<io.jenkins.plugins.systemtests.core.model.Attempt> earlier = run.attempts(index);
        if (earlier.isEmpty()) {
            return null;
        }
        List<AttemptView> views = new ArrayList<>(earlier.size());
        for (int k = 0; k < earlier.size(); k++) {
            io.jenkins.plugins.systemtests.core.model.Attempt attempt = earlier.get(k);
            views.add(new AttemptView(k + 1, attempt.status().wireName(), format(attempt.start()),
                    format(attempt.stop()), durationMs(attempt.start(), attempt.stop()), attempt.reason()));
        }
        return views;
    }

    private static boolean flaky(TestRun run, int index) {
        return run.isFlaky(index);
    }

    /**
     * What changed in a run since a version the page has: the run's status and counts, and only the tests (and their
     * scenarios) that changed, without names the page already knows. From version 0, the whole tree, with each test's
     * expected duration when {@code expected} gives one (-1: unknown).
     */
    public static Object delta(TestRun run, long since, int[] expected) {
        if (since <= 0) {
            return tree(run, expected, !run.isOngoing());
        }
        List<TestChange> tests = new ArrayList<>();
        java.util.Set<Integer> changedScenarios = new java.util.TreeSet<>();
        for (int i = 0; i < run.testCount(); i++) {
            if (run.changedInVersion(i) > since) {
                LocalDateTime start = run.start(i);
                LocalDateTime stop = run.stop(i);
                tests.add(new TestChange(i, run.status(i).wireName(), format(start), format(stop),
                        durationMs(start, stop), runningSinceMs(run, i), run.reason(i), attempt(run, i),
                        flaky(run, i)));
                changedScenarios.add(run.scenarioOf(i));
            }
        }
        List<ScenarioStatus> scenarios = new ArrayList<>();
        for (int s : changedScenarios) {
            scenarios.add(new ScenarioStatus(s, run.scenarioStatus(s).wireName()));
        }
        return new Delta(run.id(), run.version(), !run.isOngoing(), run.status().wireName(),
                run.endReason().map(r -> r.name().toLowerCase(Locale.ROOT)).orElse(null), counts(run.counts()),
                run.flakyCount(), scenarios, tests);
    }

    /** One test with its script text. */
    public static TestWithScript testWithScript(TestRun run, int index) {
        ScriptRef ref = run.test(index);
        return new TestWithScript(test(run, index), ref.script(), ref.scriptTruncated(), run.id());
    }

    /** For a running test, when it started by the controller's clock (epoch ms), so a page can show elapsed time. */
    private static Long runningSinceMs(TestRun run, int index) {
        return run.status(index) == TestStatus.RUNNING && run.receivedStart(index) != null
                ? run.receivedStart(index).toEpochMilli() : null;
    }

    private static String format(LocalDateTime time) {
        return time == null ? null : ProtocolTimestamp.format(time);
    }

    private static Long durationMs(LocalDateTime start, LocalDateTime stop) {
        return start == null || stop == null ? null : Duration.between(start, stop).toMillis();
    }

    private static Map<String, Integer> counts(Map<TestStatus, Integer> counts) {
        Map<String, Integer> view = new LinkedHashMap<>();
        for (TestStatus status : TestStatus.DISPLAY_ORDER) {
            view.put(status.wireName(), counts.getOrDefault(status, 0));
        }
        return view;
    }
}
