package io.jenkins.plugins.systemtests.core.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.systemtests.core.protocol.DryRun;
import io.jenkins.plugins.systemtests.core.protocol.ScenarioPlan;
import io.jenkins.plugins.systemtests.core.protocol.ScriptRef;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkUnitsTest {
    private static ScriptRef ref(String path, String name) {
        return new ScriptRef(path, name, "", false);
    }

    private static DryRun plan(ScriptRef master, List<ScenarioPlan> scenarios) {
        return new DryRun("m", LocalDateTime.of(2026, 12, 2, 8, 0), master, scenarios, null);
    }

    @Test
    void every_selected_script_is_a_unit_of_its_own_and_the_pytest_tests_are_one() {
        DryRun plan = plan(ref("/ws", "(selected tests)"), List.of(
                new ScenarioPlan(ref("/ws/lamp", ""), List.of(ref("/ws/lamp", "test_a.py"), ref("/ws/lamp", "test_b.py"))),
                new ScenarioPlan(ref("/ws/suite", ""), List.of(ref("/ws/suite", "test_s.py::test_one"),
                        ref("/ws/suite", "test_s.py::test_two"))),
                new ScenarioPlan(ref("/ws/door", ""), List.of(ref("/ws/door", "test_c.py")))));

        List<WorkUnit> units = WorkUnits.of(plan);

        assertThat(units).extracting(WorkUnit::positions)
                .containsExactly(List.of(0), List.of(1), List.of(2, 3), List.of(4));
        assertThat(units).extracting(WorkUnit::index).containsExactly(0, 1, 2, 3);
        assertThat(units.get(2).keys()).as("named as the job's history names them: relative to the run's folder")
                .containsExactly("suite\u0000test_s.py::test_one", "suite\u0000test_s.py::test_two");
    }

    @Test
    void a_master_scenario_is_one_unit_its_tests_in_order() {
        DryRun plan = plan(ref("/ws/scenarios", "scenario_master.py"), List.of(
                new ScenarioPlan(ref("/ws/scenarios", "scenario_01.py"), List.of(ref("/ws/cases", "01.py"),
                        ref("/ws/cases", "02.py"))),
                new ScenarioPlan(ref("/ws/scenarios", "scenario_02.py"), List.of(ref("/ws/cases", "03.py")))));

        assertThat(WorkUnits.of(plan)).extracting(WorkUnit::positions).containsExactly(List.of(0, 1, 2));
    }
}
