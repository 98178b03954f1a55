package io.jenkins.plugins.systemtests.core.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Finding each test's START line in a build's console, for the links from test pages to it. */
class TestLinesTest {
    @Test
    void each_start_line_is_named_by_its_run_in_the_build_and_its_place_in_the_plan() {
        TestLines lines = new TestLines();
        List<Optional<String>> anchors = List.of(
                "Started by user admin",
                "System Tests: 2 tests in 1 scenarios on lab-1",
                "[  1/2] START   t/test_ok.py",
                "ok",
                "[  1/2] PASSED  t/test_ok.py (0.01 s)",
                "[  2/2] START   t/test_sum.py",
                "System Tests: 1 test in 1 scenario on lab-1",
                "[parallel] [  1/1] START   t/test_door.py")
                .stream().map(lines::read).toList();

        assertThat(anchors).containsExactly(Optional.empty(), Optional.empty(), Optional.of("system-tests-1-0"),
                Optional.empty(), Optional.empty(), Optional.of("system-tests-1-1"), Optional.empty(),
                Optional.of("system-tests-2-0"));
        assertThat(lines.runsSeen()).isEqualTo(2);
    }

    @Test
    void a_start_line_before_any_run_began_is_not_anchored() {
        assertThat(new TestLines().read("[  1/1] START   echo")).isEmpty();
    }
}
