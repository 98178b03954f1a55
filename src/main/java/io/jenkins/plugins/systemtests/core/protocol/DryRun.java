package io.jenkins.plugins.systemtests.core.protocol;

import java.time.LocalDateTime;
import java.util.List;

/**
 * A DRY RUN message: the whole plan of a run, sent once before its first test.
 *
 * @param buildUrl    the Jenkins build this run belongs to, when the machine names one, else null
 * @param environment the test environment the run uses (optional field {@code environment}), else null
 * @param startedBy   who started the run (optional field {@code started_by}), else null
 */
public record DryRun(String machineName, LocalDateTime timestamp, ScriptRef masterScenario,
        List<ScenarioPlan> scenarios, String buildUrl, String environment, String startedBy) implements Message {
    public DryRun {
        scenarios = List.copyOf(scenarios);
    }

    public DryRun(String machineName, LocalDateTime timestamp, ScriptRef masterScenario, List<ScenarioPlan> scenarios,
            String buildUrl) {
        this(machineName, timestamp, masterScenario, scenarios, buildUrl, null, null);
    }

    /** The tests in plan order, scenario after scenario. */
    public List<ScriptRef> testsInOrder() {
        return scenarios.stream().flatMap(s -> s.tests().stream()).toList();
    }

    public int testCount() {
        return scenarios.stream().mapToInt(s -> s.tests().size()).sum();
    }
}
