package io.jenkins.plugins.systemtests.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.systemtests.core.runner.AgentContact;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The wait for an agent whose connection broke while its tests run: said once, bounded, and over when it is back. */
class AgentContactTest {
    private static final Instant LOST = Instant.parse("2026-12-02T06:40:12Z");

    @Test
    void a_lost_agent_is_announced_once_with_the_time_and_the_wait() {
        AgentContact contact = new AgentContact("lab-1", Duration.ofMinutes(5));

        assertThat(contact.lost(LOST, ZoneOffset.UTC)).contains("System Tests: lost contact with lab-1 at "
                + "2026-12-02 06:40:12 Z; the tests go on there; waiting up to 5 min for it to come back");
        assertThat(contact.lost(LOST.plusSeconds(5), ZoneOffset.UTC)).isEmpty();
        assertThat(contact.lostSince()).contains(LOST);
    }

    @Test
    void the_wait_is_over_when_the_agent_is_back_and_a_later_loss_is_announced_again() {
        AgentContact contact = new AgentContact("lab-1", Duration.ofMinutes(5));
        contact.lost(LOST, ZoneOffset.UTC);

        assertThat(contact.back(LOST.plusSeconds(37).plusMillis(400)))
                .contains("System Tests: lab-1 is back after 37 s; reading on where the build was");
        assertThat(contact.back(LOST.plusSeconds(40))).isEmpty();
        assertThat(contact.lostSince()).isEmpty();
        assertThat(contact.expired(LOST.plusSeconds(3600))).isFalse();
        assertThat(contact.lost(LOST.plusSeconds(100), ZoneOffset.UTC)).isPresent();
    }

    @Test
    void past_the_limit_the_wait_has_expired_and_says_why() {
        AgentContact contact = new AgentContact("lab-1", Duration.ofSeconds(90));
        contact.lost(LOST, ZoneOffset.UTC);

        assertThat(contact.expired(LOST.plusSeconds(90))).isFalse();
        assertThat(contact.expired(LOST.plusSeconds(91))).isTrue();
        assertThat(contact.gaveUpReason(ZoneOffset.UTC))
                .isEqualTo("lost contact with lab-1 at 2026-12-02 06:40:12 Z and it did not come back within 90 s");
    }
}
