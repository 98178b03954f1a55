package io.jenkins.plugins.systemtests.core.api;

import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.model.TestRun;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.core.protocol.ProtocolTimestamp;
import io.jenkins.plugins.systemtests.core.protocol.ScenarioPlan;
import io.jenkins.plugins.systemtests.core.protocol.ScriptRef;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the read API, built from the model. */
public final class RunViews {
    private RunViews() {
    }

    public static Map<String, Object> summary(RunSummary s) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", s.id());
        view.put("machine", s.machineName());
        view.put("buildUrl", s.buildUrl());
        view.put("status", s.status().wireName());
        view.put("ongoing", s.ongoing());
        view.put("testCount", s.testCount());
        view.put("counts", counts(s.counts()));
        view.put("createdAt", s.createdAt().toString());
        view.put("lastActivity", s.lastActivity().toString());
        view.put("endReason", s.endReason() == null ? null : s.endReason().name().toLowerCase(java.util.Locale.ROOT));
        view.put("outcome", s.outcome());
        view.put("environment", s.environment());
        view.put("startedBy", s.startedBy());
        view.put("durationMs", Duration.between(s.createdAt(), s.lastActivity()).toMillis());
        return view;
    }

    /** The whole tree: master scenario, scenarios, tests with status and times (scripts are served per test). */
    public static Map<String, Object> tree(TestRun run) {
        Map<String, Object> view = summary(run.summary());
        view.put("version", run.version());
        view.put("planTimestamp", ProtocolTimestamp.format(run.plan().timestamp()));
        Map<String, Object> master = script(run.plan().masterScenario());
        master.put("status", run.status().wireName());
        List<Map<String, Object>> scenarios = new ArrayList<>();
        int testIndex = 0;
        for (int s = 0; s < run.scenarios().size(); s++) {
            ScenarioPlan plan = run.scenarios().get(s);
            Map<String, Object> scenario = script(plan.scenario());
            scenario.put("index", s);
            scenario.put("status", run.scenarioStatus(s).wireName());
            List<Map<String, Object>> tests = new ArrayList<>();
            for (int t = 0; t < plan.tests().size(); t++) {
                tests.add(test(run, testIndex++));
            }
            scenario.put("tests", tests);
            scenarios.add(scenario);
        }
        master.put("scenarios", scenarios);
        view.put("masterScenario", master);
        return view;
    }

    public static Map<String, Object> test(TestRun run, int index) {
        Map<String, Object> view = script(run.test(index));
        view.put("index", index);
        view.put("scenario", run.scenarioOf(index));
        view.put("status", run.status(index).wireName());
        LocalDateTime start = run.start(index);
        LocalDateTime stop = run.stop(index);
        view.put("start", start == null ? null : ProtocolTimestamp.format(start));
        view.put("stop", stop == null ? null : ProtocolTimestamp.format(stop));
        view.put("durationMs", start == null || stop == null ? null : Duration.between(start, stop).toMillis());
        runningSince(run, index, view);
        return view;
    }

    /** For a running test, when it started by the controller's clock (epoch ms), so a page can show elapsed time. */
    private static void runningSince(TestRun run, int index, Map<String, Object> view) {
        if (run.status(index) == io.jenkins.plugins.systemtests.core.protocol.TestStatus.RUNNING
                && run.receivedStart(index) != null) {
            view.put("runningSinceMs", run.receivedStart(index).toEpochMilli());
        }
    }

    /**
     * What changed in a run since a version the page has: the run's status and counts, and only the tests (and their
     * scenarios) that changed, without names the page already knows. From version 0, the whole tree.
     */
    public static Map<String, Object> delta(TestRun run, long since) {
        if (since <= 0) {
            Map<String, Object> tree = tree(run);
            tree.put("complete", !run.isOngoing());
            tree.put("full", true);
            return tree;
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", run.id());
        view.put("version", run.version());
        view.put("complete", !run.isOngoing());
        view.put("status", run.status().wireName());
        view.put("endReason", run.endReason().map(r -> r.name().toLowerCase(java.util.Locale.ROOT)).orElse(null));
        view.put("counts", counts(run.counts()));
        List<Map<String, Object>> tests = new ArrayList<>();
        java.util.Set<Integer> scenarios = new java.util.TreeSet<>();
        for (int i = 0; i < run.testCount(); i++) {
            if (run.changedInVersion(i) > since) {
                Map<String, Object> test = new LinkedHashMap<>();
                test.put("index", i);
                test.put("status", run.status(i).wireName());
                LocalDateTime start = run.start(i);
                LocalDateTime stop = run.stop(i);
                test.put("start", start == null ? null : ProtocolTimestamp.format(start));
                test.put("stop", stop == null ? null : ProtocolTimestamp.format(stop));
                test.put("durationMs", start == null || stop == null ? null : Duration.between(start, stop).toMillis());
                runningSince(run, i, test);
                tests.add(test);
                scenarios.add(run.scenarioOf(i));
            }
        }
        List<Map<String, Object>> scenarioStatuses = new ArrayList<>();
        for (int s : scenarios) {
            scenarioStatuses.add(Map.of("index", s, "status", run.scenarioStatus(s).wireName()));
        }
        view.put("scenarios", scenarioStatuses);
        view.put("tests", tests);
        return view;
    }

    /** One test with its script text. */
    public static Map<String, Object> testWithScript(TestRun run, int index) {
        Map<String, Object> view = test(run, index);
        ScriptRef ref = run.test(index);
        view.put("script", ref.script());
        view.put("scriptTruncated", ref.scriptTruncated());
        view.put("runId", run.id());
        return view;
    }

    private static Map<String, Object> script(ScriptRef ref) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("filePath", ref.filePath());
        view.put("fileName", ref.fileName());
        return view;
    }

    private static Map<String, Integer> counts(Map<TestStatus, Integer> counts) {
        Map<String, Integer> view = new LinkedHashMap<>();
        for (TestStatus status : TestStatus.values()) {
            view.put(status.wireName(), counts.getOrDefault(status, 0));
        }
        return view;
    }
}
