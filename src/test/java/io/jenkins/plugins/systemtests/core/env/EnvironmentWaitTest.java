package io.jenkins.plugins.systemtests.core.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnvironmentWaitTest {
    private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
    private static final String HOLDER = "[system-test-env-7] is locked by nightly#41 at Nov 22, 2026, 9:58 AM";

    @Test
    void a_wait_without_a_limit_never_runs_out() {
        EnvironmentWait wait = EnvironmentWait.start(TestEnvironment.parse("7"), START, 0);

        assertThat(wait.deadline()).isEmpty();
        assertThat(wait.remaining(START.plus(Duration.ofDays(30)))).isEmpty();
        assertThat(wait.isOver(START.plus(Duration.ofDays(30)))).isFalse();
    }

    @Test
    void a_limited_wait_counts_down_to_its_deadline_and_is_then_over() {
        EnvironmentWait wait = EnvironmentWait.start(TestEnvironment.parse("7"), START, 30);

        assertThat(wait.deadline()).contains(Instant.parse("2026-11-22T10:30:00Z"));
        assertThat(wait.remaining(START.plusSeconds(600))).contains(Duration.ofMinutes(20));
        assertThat(wait.isOver(START.plusSeconds(1799))).isFalse();
        assertThat(wait.isOver(START.plusSeconds(1800))).isTrue();
        assertThat(wait.remaining(START.plusSeconds(7200))).contains(Duration.ZERO);
    }

    @Test
    void the_notice_says_which_environment_since_when_who_holds_it_and_when_the_wait_gives_up() {
        EnvironmentWait wait = EnvironmentWait.start(TestEnvironment.parse("7"), START, 30);

        assertThat(wait.describe(HOLDER, START.plusSeconds(185), ZoneOffset.UTC)).isEqualTo("Waiting for test "
                + "environment 7 (system-test-env-7) since 2026-11-22 10:00:00, 3 min 5 sec so far; " + HOLDER
                + "; gives up at 2026-11-22 10:30:00");
        assertThat(EnvironmentWait.start(TestEnvironment.parse("lab-a"), START, 0).describe(null, START, ZoneOffset.UTC))
                .isEqualTo("Waiting for test environment lab-a (system-test-env-lab-a) since 2026-11-22 10:00:00, "
                        + "0 sec so far; it is free now");
    }

    @Test
    void running_out_and_getting_the_environment_are_said_plainly() {
        EnvironmentWait wait = EnvironmentWait.start(TestEnvironment.parse("7"), START, 90);

        assertThat(wait.timedOut(HOLDER)).isEqualTo("Gave up waiting for test environment 7 (system-test-env-7) after "
                + "1 hr 30 min: " + HOLDER + ". Raise waitTimeoutMinutes, or free the environment on the Lockable "
                + "Resources page.");
        assertThat(wait.acquired(START.plusSeconds(42))).isEqualTo("Got test environment 7 (system-test-env-7) after "
                + "42 sec of waiting");
    }

    @Test
    void a_limit_beyond_a_week_is_refused_and_zero_or_less_means_no_limit() {
        assertThatThrownBy(() -> EnvironmentWait.limit(EnvironmentWait.MAX_WAIT_MINUTES + 1))
                .hasMessageContaining("at most 10080 minutes");
        assertThat(EnvironmentWait.limit(-5)).isEqualTo(Optional.empty());
        assertThat(EnvironmentWait.limit(1)).contains(Duration.ofMinutes(1));
    }
}
