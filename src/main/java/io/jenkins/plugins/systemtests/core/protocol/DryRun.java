package io.jenkins.plugins.systemtests.core.protocol;

import java.time.LocalDateTime;
import java.util.List;

/**
 * A DRY RUN message: the whole plan of a run, sent once before its first test.
 *
 * @param buildUrl the Jenkins build this run belongs to, when the machine names one, else null
 */
public record DryRun(String machineName, LocalDateTime timestamp, ScriptRef masterScenario,
        List<ScenarioPlan> scenarios, String buildUrl) implements Message {
    public DryRun {
        scenarios = List.copyOf(scenarios);
    }

    /** The tests in plan order, scenario after scenario. */
    public List<ScriptRef> testsInOrder() {
        return scenarios.stream().flatMap(s -> s.tests().stream()).toList();
    }

    public int testCount() {
        return scenarios.stream().mapToInt(s -> s.tests().size()).sum();
    }
}
