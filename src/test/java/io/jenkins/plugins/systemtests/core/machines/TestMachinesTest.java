package io.jenkins.plugins.systemtests.core.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.systemtests.core.machines.TestMachines.Agent;
import io.jenkins.plugins.systemtests.core.machines.TestMachines.Row;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestMachinesTest {
    private static RunSummary run(long id, String machine, TestStatus status, boolean ongoing) {
        Instant at = Instant.parse("2026-11-22T10:00:00Z").plusSeconds(id);
        return new RunSummary(id, machine, null, status, ongoing, 3, Map.of(status, 3), at, at, null, null, null);
    }

    @Test
    void labelled_agents_and_reporting_machines_are_listed_once_each_with_their_last_run() {
        List<Agent> agents = List.of(new Agent("lab-01", "system-tests linux", true, null),
                new Agent("lab-02", "linux system-tests", false, "Connection refused"),
                new Agent("builder", "linux docker", true, null),
                new Agent("reporter-agent", "linux", true, null));
        List<RunSummary> runs = List.of(run(1, "lab-01", TestStatus.FAILED, false),
                run(5, "lab-01", TestStatus.PASSED, false), run(3, "bench-7", TestStatus.RUNNING, true),
                run(4, "reporter-agent", TestStatus.ERROR, false));

        List<Row> rows = TestMachines.list("system-tests", agents, runs);

        assertThat(rows).extracting(Row::name).containsExactly("bench-7", "lab-01", "lab-02", "reporter-agent");
        assertThat(rows).extracting(Row::state).containsExactly("testing", "online", "offline", "online");
        assertThat(rows.get(1).lastRun()).map(RunSummary::id).contains(5L);
        assertThat(rows.get(1).lastStatus()).contains(TestStatus.PASSED);
        assertThat(rows.get(0).isAgent()).isFalse();
        assertThat(rows.get(2).agent()).map(Agent::offlineReason).contains("Connection refused");
        assertThat(rows.get(2).lastRun()).isEmpty();
        assertThat(TestMachines.counts(rows)).isEqualTo(Map.of("machines", 4, "agents", 3, "online", 2, "testing", 1));
    }

    @Test
    void machines_are_listed_in_the_natural_order_of_their_names_once_each_in_any_case() {
        List<Agent> agents = List.of(new Agent("Machine-10", "system-tests", true, null),
                new Agent("machine-2", "system-tests", true, null));
        List<RunSummary> runs = List.of(run(1, "machine-10", TestStatus.PASSED, false),
                run(2, "machine-1", TestStatus.PASSED, false), run(3, "machine-100", TestStatus.PASSED, false));

        List<Row> rows = TestMachines.list("system-tests", agents, runs);

        assertThat(rows).extracting(Row::name).containsExactly("machine-1", "machine-2", "Machine-10", "machine-100");
    }

    @Test
    void a_label_is_one_atom() {
        assertThat(TestMachines.checkLabel(" system-tests ")).isEqualTo("system-tests");
        assertThatThrownBy(() -> TestMachines.checkLabel("a && b")).hasMessageContaining("not a label");
        assertThatThrownBy(() -> TestMachines.checkLabel("")).hasMessageContaining("not a label");
    }
}
