package io.jenkins.plugins.systemtests.core.flaky;

import io.jenkins.plugins.systemtests.core.protocol.ErrorCode;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A job's quarantined tests (the way of Datadog's and Buildkite's quarantine): a quarantined test still runs and its
 * result is shown, but its failure never decides the build's result. Each entry has an owner, a reason and an expiry,
 * so a quarantine cannot be forgotten: past its expiry the test counts again. Immutable; changes return a new list.
 */
public final class Quarantine {
    /** How long a quarantine lasts when no expiry is given. */
    public static final Duration DEFAULT_LENGTH = Duration.ofDays(14);
    /** The longest a quarantine may be set for, so that every one comes back to someone's desk. */
    public static final Duration MAX_LENGTH = Duration.ofDays(366);
    static final int MAX_TEXT = 1000;

    public static final Quarantine EMPTY = new Quarantine(List.of());

    private final List<QuarantineEntry> entries;

    public Quarantine(List<QuarantineEntry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Every entry, expired ones too, the soonest to expire first. */
    public List<QuarantineEntry> entries() {
        return entries.stream().sorted(Comparator.comparing(QuarantineEntry::expires)
                .thenComparing(QuarantineEntry::testId)).toList();
    }

    public Optional<QuarantineEntry> find(String testId) {
        return entries.stream().filter(e -> e.testId().equals(testId)).findFirst();
    }

    /** The entry that applies to this test now, if any: expired entries do not. */
    public Optional<QuarantineEntry> active(String testId, Instant now) {
        return find(testId).filter(e -> e.isActive(now));
    }

    /**
     * This list with the test quarantined (replacing its entry, if it had one), after checking the fields.
     *
     * @param expires when it ends; null for {@link #DEFAULT_LENGTH} from now
     */
    public Quarantine add(String testId, String owner, String reason, Instant expires, String addedBy, Instant now)
            throws RejectedException {
        String id = required(testId, "testId");
        QuarantineEntry entry = new QuarantineEntry(id, required(owner, "owner"), required(reason, "reason"),
                expires == null ? now.plus(DEFAULT_LENGTH) : checkExpiry(expires, now), addedBy, now);
        List<QuarantineEntry> changed = new ArrayList<>(entries);
        changed.removeIf(e -> e.testId().equals(id));
        changed.add(entry);
        return new Quarantine(changed);
    }

    /** This list without the test; refused when the test is not quarantined. */
    public Quarantine remove(String testId) throws RejectedException {
        String id = required(testId, "testId");
        if (find(id).isEmpty()) {
            throw new RejectedException(ErrorCode.NOT_FOUND, "Test '" + id + "' is not quarantined in this job");
        }
        List<QuarantineEntry> changed = new ArrayList<>(entries);
        changed.removeIf(e -> e.testId().equals(id));
        return new Quarantine(changed);
    }

    /** The expiry of a quarantine {@code days} long from now; refused outside 1 to 366 days. */
    public static Instant expiryInDays(String days, Instant now) throws RejectedException {
        if (days == null || days.isBlank()) {
            return now.plus(DEFAULT_LENGTH);
        }
        try {
            long value = Long.parseLong(days.trim());
            if (value >= 1 && value <= MAX_LENGTH.toDays()) {
                return now.plus(Duration.ofDays(value));
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new RejectedException(ErrorCode.INVALID_FIELD,
                "days: a whole number of days from 1 to " + MAX_LENGTH.toDays() + ", not '" + days + "'");
    }

    private static Instant checkExpiry(Instant expires, Instant now) throws RejectedException {
        if (!expires.isAfter(now)) {
            throw new RejectedException(ErrorCode.INVALID_FIELD, "expires: " + expires + " is not in the future");
        }
        if (expires.isAfter(now.plus(MAX_LENGTH))) {
            throw new RejectedException(ErrorCode.INVALID_FIELD,
                    "expires: at most " + MAX_LENGTH.toDays() + " days from now");
        }
        return expires;
    }

    private static String required(String value, String field) throws RejectedException {
        if (value == null || value.isBlank()) {
            throw new RejectedException(ErrorCode.INVALID_FIELD, field + ": missing");
        }
        if (value.length() > MAX_TEXT) {
            throw new RejectedException(ErrorCode.INVALID_FIELD, field + ": longer than " + MAX_TEXT + " characters");
        }
        return value.trim();
    }
}
