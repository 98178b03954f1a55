package io.jenkins.plugins.systemtests.core.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class QueuedBuildWaitTest {
    private static final Instant QUEUED = Instant.parse("2026-11-22T10:00:00Z");
    private static final String HOLDER = "[system-test-env-7] is locked by nightly #41";

    private static QueuedBuildWait queued(int waitTimeoutMinutes) {
        return QueuedBuildWait.of(512, "lab/smoke", "Started by user alice", "7", QUEUED, waitTimeoutMinutes);
    }

    @Test
    void a_queued_build_keeps_waiting_until_its_limit_has_passed() {
        assertThat(queued(30).giveUp(HOLDER, QUEUED.plusSeconds(1799))).isEmpty();
        assertThat(queued(30).giveUp(HOLDER, QUEUED.plusSeconds(1800))).isPresent();
    }

    @Test
    void a_queued_build_without_a_limit_never_gives_up() {
        assertThat(queued(0).giveUp(HOLDER, QUEUED.plusSeconds(30L * 24 * 3600))).isEmpty();
    }

    @Test
    void a_build_whose_environment_was_just_freed_does_not_give_up_even_past_its_limit() {
        assertThat(queued(30).giveUp(null, QUEUED.plusSeconds(3600))).isEmpty();
    }

    @Test
    void giving_up_records_the_job_the_item_the_environment_its_holder_and_why() {
        Instant now = QUEUED.plusSeconds(1805);

        GaveUpWait gaveUp = queued(30).giveUp(HOLDER, now).orElseThrow();

        assertThat(gaveUp.job()).isEqualTo("lab/smoke");
        assertThat(gaveUp.queueId()).isEqualTo(512);
        assertThat(gaveUp.environment()).isEqualTo("7");
        assertThat(gaveUp.resourceName()).isEqualTo("system-test-env-7");
        assertThat(gaveUp.queuedBy()).isEqualTo("Started by user alice");
        assertThat(gaveUp.queuedSince()).isEqualTo(QUEUED);
        assertThat(gaveUp.gaveUpAt()).isEqualTo(now);
        assertThat(gaveUp.waitTimeoutMinutes()).isEqualTo(30);
        assertThat(gaveUp.holder()).isEqualTo(HOLDER);
        assertThat(gaveUp.message()).isEqualTo("The queued build (Started by user alice) was taken out of the queue: "
                + "Gave up waiting for test environment 7 (system-test-env-7) after 30 min: " + HOLDER
                + ". Raise waitTimeoutMinutes, or free the environment on the Lockable Resources page.");
    }

    @Test
    void an_invalid_environment_or_limit_is_refused_with_the_reason() {
        assertThatThrownBy(() -> QueuedBuildWait.of(1, "j", "c", "101", QUEUED, 30))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("numbers go from 1 to 100");
        assertThatThrownBy(() -> QueuedBuildWait.of(1, "j", "c", "7", QUEUED, EnvironmentWait.MAX_WAIT_MINUTES + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most");
    }
}
