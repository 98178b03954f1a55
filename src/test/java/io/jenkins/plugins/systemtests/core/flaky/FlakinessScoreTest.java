package io.jenkins.plugins.systemtests.core.flaky;

import static io.jenkins.plugins.systemtests.core.protocol.TestStatus.CANCELLED;
import static io.jenkins.plugins.systemtests.core.protocol.TestStatus.ERROR;
import static io.jenkins.plugins.systemtests.core.protocol.TestStatus.FAILED;
import static io.jenkins.plugins.systemtests.core.protocol.TestStatus.PASSED;
import static io.jenkins.plugins.systemtests.core.protocol.TestStatus.SKIPPED;
import static io.jenkins.plugins.systemtests.core.protocol.TestStatus.WARNING;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlakinessScoreTest {
    @Test
    void a_steady_test_scores_zero_whether_it_passes_or_fails() {
        assertThat(FlakinessScore.of(List.of(PASSED, PASSED, WARNING, PASSED, PASSED), 0))
                .isEqualTo(new FlakinessScore(5, 0, 0, 0.0));
        assertThat(FlakinessScore.of(List.of(FAILED, ERROR, FAILED, FAILED, FAILED), 0).score()).isZero();
    }

    @Test
    void a_test_that_flips_every_run_scores_one_and_fewer_flips_score_less() {
        assertThat(FlakinessScore.of(List.of(PASSED, FAILED, PASSED, ERROR, PASSED), 0))
                .isEqualTo(new FlakinessScore(5, 4, 0, 1.0));
        FlakinessScore once = FlakinessScore.of(List.of(PASSED, PASSED, PASSED, FAILED, FAILED), 0);
        assertThat(once.flips()).isEqualTo(1);
        assertThat(once.score()).isEqualTo(0.25);
        assertThat(once.percent()).isEqualTo(25);
    }

    @Test
    void fewer_than_five_runs_say_nothing() {
        FlakinessScore four = FlakinessScore.of(List.of(PASSED, FAILED, PASSED, FAILED), 0);
        assertThat(four.enoughRuns()).isFalse();
        assertThat(four.flips()).isEqualTo(3);
        assertThat(four.score()).isZero();
    }

    @Test
    void only_runs_that_passed_or_failed_count_and_only_the_last_twenty() {
        List<TestStatus> outcomes = new ArrayList<>(List.of(SKIPPED, CANCELLED, PASSED, FAILED));
        outcomes.addAll(Collections.nCopies(18, PASSED));
        outcomes.addAll(List.of(FAILED, PASSED, FAILED)); // beyond the window
        FlakinessScore score = FlakinessScore.of(outcomes, 0);
        assertThat(score.runs()).isEqualTo(20);
        assertThat(score.flips()).isEqualTo(2);
    }

    @Test
    void passes_on_retry_add_to_the_score_as_events_of_their_own() {
        List<TestStatus> allPassed = Collections.nCopies(5, PASSED);
        assertThat(FlakinessScore.of(allPassed, 0).score()).isZero();
        FlakinessScore retried = FlakinessScore.of(allPassed, 2);
        assertThat(retried.passedOnRetry()).isEqualTo(2);
        assertThat(retried.score()).isEqualTo(2 / 6.0);
    }

    @Test
    void only_the_passes_on_retry_of_the_runs_in_the_window_count() {
        List<FlakinessScore.RunOutcome> runs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            runs.add(new FlakinessScore.RunOutcome(PASSED, i == 3));
        }
        runs.add(new FlakinessScore.RunOutcome(PASSED, true)); // the 21st run: beyond the window
        FlakinessScore score = FlakinessScore.ofRuns(runs);
        assertThat(score.runs()).isEqualTo(20);
        assertThat(score.passedOnRetry()).isEqualTo(1);
        assertThat(score.score()).isEqualTo(1 / 20.0);
    }

    @Test
    void a_run_where_eighty_percent_of_the_tests_failed_is_an_environment_failure() {
        assertThat(FlakinessScore.isEnvironmentFailure(Map.of(FAILED, 3, ERROR, 5, PASSED, 2))).isTrue();
        assertThat(FlakinessScore.isEnvironmentFailure(Map.of(FAILED, 7, PASSED, 3))).isFalse();
        assertThat(FlakinessScore.isEnvironmentFailure(Map.of())).isFalse();
    }
}
