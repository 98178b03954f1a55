package io.jenkins.plugins.systemtests.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.systemtests.core.model.EndReason;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunsQueryTest {
    private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");

    private static RunSummary run(long id, String machine, TestStatus status, boolean ongoing, String environment,
            String user, int tests, long minutes) {
        Instant start = T0.plusSeconds(id * 600);
        return new RunSummary(id, machine, id % 2 == 0 ? "job/lab/" + id + "/" : null, status, ongoing, tests,
                Map.of(status, tests), start, start.plusSeconds(minutes * 60), status == TestStatus.CANCELLED
                        ? EndReason.ABORTED : null, environment, user);
    }

    private final List<RunSummary> runs = List.of(
            run(1, "bench-a", TestStatus.PASSED, false, "7", "alice", 10, 5),
            run(2, "bench-b", TestStatus.FAILED, false, "8", "bob", 20, 9),
            run(3, "bench-a", TestStatus.RUNNING, true, "7", "alice", 30, 1),
            run(4, "bench-c", TestStatus.CANCELLED, false, null, "carol", 5, 2),
            run(5, "bench-b", TestStatus.WARNING, false, "lab-x", null, 15, 7));

    private List<Object> ids(Map<String, String> query) throws RejectedException {
        List<Object> ids = new ArrayList<>();
        RunsQuery.run(runs, query).items().forEach(row -> ids.add(row.id()));
        return ids;
    }

    @Test
    void newest_first_by_default_with_outcome_user_environment_and_duration_in_each_row() throws Exception {
        Page<RunViews.Summary> page = RunsQuery.run(runs, Map.of());
        assertThat(page.total()).isEqualTo(5);
        assertThat(page.items()).extracting(RunViews.Summary::id).containsExactly(5L, 4L, 3L, 2L, 1L);
        RunViews.Summary second = page.items().get(3);
        assertThat(second.outcome()).isEqualTo("failed");
        assertThat(second.startedBy()).isEqualTo("bob");
        assertThat(second.environment()).isEqualTo("8");
        assertThat(second.machine()).isEqualTo("bench-b");
        assertThat(second.testCount()).isEqualTo(20);
        assertThat(second.durationMs()).isEqualTo(540_000L);
    }

    @Test
    void filters_combine() throws Exception {
        assertThat(ids(Map.of("outcome", "running"))).containsExactly(3L);
        assertThat(ids(Map.of("outcome", "success"))).containsExactly(5L, 1L);
        assertThat(ids(Map.of("user", "alice", "environment", "7"))).containsExactly(3L, 1L);
        assertThat(ids(Map.of("machine", "bench-b"))).containsExactly(5L, 2L);
        assertThat(ids(Map.of("q", "LAB"))).as("text in the environment or the build").containsExactly(5L, 4L, 2L);
        assertThat(ids(Map.of("outcome", "cancelled", "q", "carol"))).containsExactly(4L);
    }

    @Test
    void any_column_sorts_both_ways_and_pages_are_cut_on_the_server() throws Exception {
        assertThat(ids(Map.of("sort", "tests"))).containsExactly(4L, 1L, 5L, 2L, 3L);
        assertThat(ids(Map.of("sort", "-duration"))).containsExactly(2L, 5L, 1L, 4L, 3L);
        assertThat(ids(Map.of("sort", "machine"))).containsExactly(1L, 3L, 2L, 5L, 4L);
        assertThat(ids(Map.of("sort", "user"))).containsExactly(5L, 1L, 3L, 2L, 4L);
        assertThat(ids(Map.of("sort", "outcome", "page", "1", "size", "2"))).containsExactly(3L, 1L);
    }

    @Test
    void a_failed_run_of_an_unstable_build_is_found_sorted_and_shown_as_unstable_and_only_failed_runs_look_up_builds()
            throws Exception {
        List<String> looked = new ArrayList<>();
        BuildResults results = buildUrl -> {
            looked.add(buildUrl);
            return java.util.Optional.of("job/lab/2/".equals(buildUrl) ? "unstable" : "success");
        };
        Page<RunViews.Summary> unstable = RunsQuery.run(runs, Map.of("outcome", "unstable"), results);
        assertThat(unstable.items()).extracting(RunViews.Summary::id).containsExactly(2L);
        assertThat(unstable.items().get(0).outcome()).isEqualTo("unstable");
        assertThat(unstable.items().get(0).buildResult()).isEqualTo("unstable");
        assertThat(RunsQuery.run(runs, Map.of("outcome", "failed"), results).items()).isEmpty();
        assertThat(looked).as("the one failed run of a build").containsOnly("job/lab/2/");

        assertThat(RunsQuery.run(runs, Map.of("sort", "outcome"), results).items()).extracting(RunViews.Summary::outcome)
                .containsExactly("cancelled", "running", "success", "success", "unstable");
        assertThat(ids(Map.of("outcome", "failed"))).as("without build results").containsExactly(2L);
    }

    @Test
    void an_unknown_column_is_explained() {
        assertThatThrownBy(() -> RunsQuery.run(runs, Map.of("sort", "colour")))
                .hasMessage("sort: 'colour' is not a column; use one of duration, environment, id, machine, outcome, "
                        + "start, tests, user, with - for descending");
    }
}
