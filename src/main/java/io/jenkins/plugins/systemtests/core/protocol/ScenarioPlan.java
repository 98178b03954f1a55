package io.jenkins.plugins.systemtests.core.protocol;

import java.util.List;

/** A scenario script and the test scripts it runs, in order. */
public record ScenarioPlan(ScriptRef scenario, List<ScriptRef> tests) {
    public ScenarioPlan {
        tests = List.copyOf(tests);
    }
}
