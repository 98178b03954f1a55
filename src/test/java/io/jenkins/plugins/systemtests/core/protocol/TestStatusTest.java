package io.jenkins.plugins.systemtests.core.protocol;

import static io.jenkins.plugins.systemtests.core.protocol.TestStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TestStatusTest {
    @Test
    void a_scenario_takes_the_first_status_of_its_children_in_precedence_order() {
        List<TestStatus> order = List.of(CANCELLED, RUNNING, WAITING, UNKNOWN, FAILED, ERROR, WARNING, PASSED);
        for (int i = 0; i < order.size(); i++) {
            List<TestStatus> children = List.copyOf(order.subList(i, order.size()));
            assertThat(TestStatus.rollUp(children)).isEqualTo(order.get(i));
        }
    }

    @Test
    void examples_of_the_roll_up() {
        assertThat(TestStatus.rollUp(List.of(PASSED, WARNING, PASSED))).isEqualTo(WARNING);
        assertThat(TestStatus.rollUp(List.of(PASSED, ERROR, FAILED))).isEqualTo(FAILED);
        assertThat(TestStatus.rollUp(List.of(PASSED, WAITING, FAILED))).isEqualTo(WAITING);
        assertThat(TestStatus.rollUp(List.of(RUNNING, CANCELLED))).isEqualTo(CANCELLED);
        assertThat(TestStatus.rollUp(List.of())).isEqualTo(PASSED);
    }

    @Test
    void wire_names_are_lower_case_and_only_finished_statuses_end_a_test() {
        assertThat(TestStatus.fromWireName("warning")).contains(WARNING);
        assertThat(TestStatus.fromWireName("WARNING")).isEmpty();
        assertThat(List.of(TestStatus.values())).filteredOn(TestStatus::isFinal)
                .containsExactlyInAnyOrder(PASSED, WARNING, ERROR, FAILED, CANCELLED, UNKNOWN);
    }
}
