package io.jenkins.plugins.systemtests.core.queue;

import io.jenkins.plugins.systemtests.core.model.TestId;
import io.jenkins.plugins.systemtests.core.protocol.DryRun;
import io.jenkins.plugins.systemtests.core.protocol.ScriptRef;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a plan into the units environments run: a master scenario is one unit (its scenarios run its tests in order, and
 * code between them prepares the next); the pytest tests are one unit (one pytest session runs them, fixtures shared);
 * every other test script is a unit of its own. Read from the DRY RUN, as the runner reported it.
 */
public final class WorkUnits {
    /** The master scenario's name in the DRY RUN of a plan of selected tests (no master scenario script). */
    static final String SELECTED_TESTS = "(selected tests)";

    private WorkUnits() {
    }

    public static List<WorkUnit> of(DryRun plan) {
        List<ScriptRef> tests = plan.testsInOrder();
        // Named as the job's history names them (relative to the run's folder), to find their past durations.
        String runFolder = TestId.runFolder(plan);
        List<String> keys = tests.stream().map(t -> TestId.of(runFolder, t.filePath(), t.fileName()).key()).toList();
        if (tests.isEmpty()) {
            return List.of();
        }
        if (!SELECTED_TESTS.equals(plan.masterScenario().fileName())) {
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < tests.size(); i++) {
                all.add(i);
            }
            return List.of(new WorkUnit(0, all, keys));
        }
        List<WorkUnit> units = new ArrayList<>();
        List<Integer> pytestPositions = new ArrayList<>();
        int pytestSlot = -1;
        List<List<Integer>> cut = new ArrayList<>();
        for (int i = 0; i < tests.size(); i++) {
            if (isPytest(tests.get(i))) {
                if (pytestSlot < 0) {
                    pytestSlot = cut.size();
                    cut.add(pytestPositions);
                }
                pytestPositions.add(i);
            } else {
                cut.add(List.of(i));
            }
        }
        for (List<Integer> positions : cut) {
            units.add(new WorkUnit(units.size(), positions, positions.stream().map(keys::get).toList()));
        }
        return units;
    }

    /** A pytest test is reported as {@code file.py::test}; a script by its file name alone. */
    private static boolean isPytest(ScriptRef test) {
        return test.fileName().contains("::");
    }
}
