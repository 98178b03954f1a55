package io.jenkins.plugins.systemtests.core.flaky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.systemtests.core.protocol.ErrorCode;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.core.runner.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuarantineTest {
    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");

    @Test
    void a_quarantine_lasts_fourteen_days_unless_told_otherwise_and_ends_by_itself() throws Exception {
        Quarantine quarantine = Quarantine.EMPTY.add("t/test_door.py", "ana", "JIRA-12: the door sticks", null, "bob", NOW);

        QuarantineEntry entry = quarantine.find("t/test_door.py").orElseThrow();
        assertThat(entry.expires()).isEqualTo(NOW.plus(Duration.ofDays(14)));
        assertThat(entry).extracting(QuarantineEntry::owner, QuarantineEntry::reason, QuarantineEntry::addedBy,
                QuarantineEntry::addedAt).containsExactly("ana", "JIRA-12: the door sticks", "bob", NOW);
        assertThat(quarantine.active("t/test_door.py", NOW.plus(Duration.ofDays(13)))).isPresent();
        assertThat(quarantine.active("t/test_door.py", NOW.plus(Duration.ofDays(14)))).isEmpty();
        assertThat(quarantine.entries()).hasSize(1); // listed as expired until removed
    }

    @Test
    void quarantining_a_test_again_replaces_its_entry_and_removing_it_ends_it() throws Exception {
        Quarantine quarantine = Quarantine.EMPTY
                .add("t/test_a.py", "ana", "first", null, "bob", NOW)
                .add("t/test_b.py", "ana", "other", NOW.plus(Duration.ofDays(3)), "bob", NOW)
                .add("t/test_a.py", "cy", "second", NOW.plus(Duration.ofDays(30)), "cy", NOW);

        assertThat(quarantine.entries()).extracting(QuarantineEntry::testId, QuarantineEntry::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("t/test_b.py", "other"),
                        org.assertj.core.groups.Tuple.tuple("t/test_a.py", "second"));
        assertThat(quarantine.remove("t/test_a.py").entries()).extracting(QuarantineEntry::testId)
                .containsExactly("t/test_b.py");
        assertThatThrownBy(() -> quarantine.remove("t/test_c.py")).isInstanceOf(RejectedException.class)
                .hasMessageContaining("not quarantined").extracting(e -> ((RejectedException) e).errorCode())
                .isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void an_entry_needs_a_test_an_owner_a_reason_and_an_expiry_ahead_within_a_year() {
        assertThatThrownBy(() -> Quarantine.EMPTY.add(" ", "ana", "why", null, "bob", NOW)).hasMessage("testId: missing");
        assertThatThrownBy(() -> Quarantine.EMPTY.add("t", "", "why", null, "bob", NOW)).hasMessage("owner: missing");
        assertThatThrownBy(() -> Quarantine.EMPTY.add("t", "ana", null, null, "bob", NOW)).hasMessage("reason: missing");
        assertThatThrownBy(() -> Quarantine.EMPTY.add("t", "ana", "why", NOW.minusSeconds(1), "bob", NOW))
                .hasMessageContaining("is not in the future");
        assertThatThrownBy(() -> Quarantine.EMPTY.add("t", "ana", "why", NOW.plus(Duration.ofDays(400)), "bob", NOW))
                .hasMessageContaining("at most 366 days");
    }

    @Test
    void days_from_now_are_read_as_a_whole_number_from_one_to_366() throws Exception {
        assertThat(Quarantine.expiryInDays("", NOW)).isEqualTo(NOW.plus(Duration.ofDays(14)));
        assertThat(Quarantine.expiryInDays(" 3 ", NOW)).isEqualTo(NOW.plus(Duration.ofDays(3)));
        for (String bad : List.of("0", "367", "two", "1.5")) {
            assertThatThrownBy(() -> Quarantine.expiryInDays(bad, NOW)).as(bad).isInstanceOf(RejectedException.class)
                    .hasMessageStartingWith("days: a whole number of days from 1 to 366");
        }
    }

    @Test
    void a_quarantined_failure_never_decides_the_build_and_an_expired_one_does_again() throws Exception {
        Quarantine quarantine = Quarantine.EMPTY.add("t/test_door.py", "ana", "flaky door", null, "bob", NOW);
        Map<TestStatus, Integer> counts = Map.of(TestStatus.PASSED, 1, TestStatus.FAILED, 1);
        List<QuarantinedVerdict.Outcome> outcomes = List.of(
                new QuarantinedVerdict.Outcome("t/test_ok.py", TestStatus.PASSED),
                new QuarantinedVerdict.Outcome("t/test_door.py", TestStatus.FAILED));
        EnumSet<TestStatus> unstableOn = EnumSet.of(TestStatus.FAILED);
        EnumSet<TestStatus> failureOn = EnumSet.of(TestStatus.ERROR);

        QuarantinedVerdict during = QuarantinedVerdict.of(counts, outcomes, quarantine, unstableOn, failureOn, NOW);
        QuarantinedVerdict after = QuarantinedVerdict.of(counts, outcomes, quarantine, unstableOn, failureOn,
                NOW.plus(Duration.ofDays(15)));

        assertThat(during.verdict().result()).isEqualTo(Verdict.Result.SUCCESS);
        assertThat(during.quarantined()).extracting(QuarantinedVerdict.Ignored::testId, QuarantinedVerdict.Ignored::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("t/test_door.py", TestStatus.FAILED));
        assertThat(after.verdict()).isEqualTo(new Verdict(Verdict.Result.UNSTABLE, "1 failed"));
        assertThat(after.quarantined()).isEmpty();
    }

    @Test
    void only_the_quarantined_tests_are_left_out_the_others_still_decide() throws Exception {
        Quarantine quarantine = Quarantine.EMPTY.add("t/test_door.py", "ana", "flaky door", null, "bob", NOW);
        Map<TestStatus, Integer> counts = Map.of(TestStatus.FAILED, 1, TestStatus.ERROR, 1, TestStatus.PASSED, 1);
        List<QuarantinedVerdict.Outcome> outcomes = List.of(
                new QuarantinedVerdict.Outcome("t/test_door.py", TestStatus.ERROR),
                new QuarantinedVerdict.Outcome("t/test_lock.py", TestStatus.FAILED),
                new QuarantinedVerdict.Outcome("t/test_ok.py", TestStatus.PASSED));

        QuarantinedVerdict verdict = QuarantinedVerdict.of(counts, outcomes, quarantine, EnumSet.of(TestStatus.FAILED),
                EnumSet.of(TestStatus.ERROR), NOW);

        assertThat(verdict.verdict()).isEqualTo(new Verdict(Verdict.Result.UNSTABLE, "1 failed"));
        assertThat(verdict.quarantined()).extracting(QuarantinedVerdict.Ignored::testId).containsExactly("t/test_door.py");
    }
}
