package io.jenkins.plugins.systemtests.core.protocol;

import static io.jenkins.plugins.systemtests.core.protocol.TestStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestStatusTest {
    @Test
    void a_scenario_takes_the_first_status_of_its_children_in_precedence_order() {
        List<TestStatus> order = List.of(CANCELLED, RUNNING, WAITING, UNKNOWN, FAILED, ERROR, WARNING, PASSED, SKIPPED);
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
    void skips_roll_up_to_skipped_only_when_nothing_else_ran_and_never_hide_a_failure() {
        assertThat(TestStatus.rollUp(List.of(SKIPPED, SKIPPED))).isEqualTo(SKIPPED);
        assertThat(TestStatus.rollUp(List.of(SKIPPED, PASSED))).isEqualTo(PASSED);
        assertThat(TestStatus.rollUp(List.of(SKIPPED, WARNING))).isEqualTo(WARNING);
        assertThat(TestStatus.rollUp(List.of(SKIPPED, ERROR))).isEqualTo(ERROR);
        assertThat(SKIPPED.isFailure()).isFalse();
    }

    @Test
    void wire_names_are_lower_case_and_only_finished_statuses_end_a_test() {
        assertThat(TestStatus.fromWireName("warning")).contains(WARNING);
        assertThat(TestStatus.fromWireName("skipped")).contains(SKIPPED);
        assertThat(TestStatus.fromWireName("WARNING")).isEmpty();
        assertThat(List.of(TestStatus.values())).filteredOn(TestStatus::isFinal)
                .containsExactlyInAnyOrder(PASSED, WARNING, SKIPPED, ERROR, FAILED, CANCELLED, UNKNOWN);
        assertThat(TestStatus.finalWireNames()).isEqualTo("passed, warning, skipped, failed, error, cancelled, unknown");
    }

    @Test
    void counts_are_shown_passed_first_in_one_order_that_names_every_status_once() {
        assertThat(TestStatus.DISPLAY_ORDER).containsExactlyInAnyOrder(TestStatus.values());
        Map<TestStatus, Integer> counts = new EnumMap<>(TestStatus.class);
        counts.put(ERROR, 1);
        counts.put(FAILED, 2);
        counts.put(SKIPPED, 3);
        counts.put(PASSED, 7);
        counts.put(WAITING, 0);

        assertThat(TestStatus.describe(counts)).isEqualTo("7 passed, 3 skipped, 2 failed, 1 error");
        assertThat(TestStatus.describe(Map.of())).isEqualTo("no tests");
    }

    @Test
    void a_test_that_passed_or_warned_after_a_failed_or_errored_attempt_is_flaky_and_marked_beside_the_passed() {
        assertThat(TestStatus.isFlaky(PASSED, java.util.List.of(FAILED))).isTrue();
        assertThat(TestStatus.isFlaky(WARNING, java.util.List.of(ERROR, FAILED))).isTrue();
        assertThat(TestStatus.isFlaky(PASSED, java.util.List.of())).as("ran once").isFalse();
        assertThat(TestStatus.isFlaky(FAILED, java.util.List.of(FAILED))).as("failed in the end").isFalse();
        assertThat(TestStatus.isFlaky(SKIPPED, java.util.List.of(FAILED))).as("skipped is no pass").isFalse();
        assertThat(java.util.Arrays.stream(TestStatus.values()).filter(TestStatus::isRetried))
                .containsExactlyInAnyOrder(FAILED, ERROR);

        assertThat(TestStatus.describe(Map.of(PASSED, 7, FAILED, 1), 2)).isEqualTo("7 passed (2 flaky), 1 failed");
        assertThat(TestStatus.describe(Map.of(WARNING, 1), 1)).isEqualTo("1 warning (1 flaky)");
        assertThat(TestStatus.describe(Map.of(PASSED, 7), 0)).isEqualTo("7 passed");
    }
}
