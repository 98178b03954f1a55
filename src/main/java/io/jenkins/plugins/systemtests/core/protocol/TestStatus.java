package io.jenkins.plugins.systemtests.core.protocol;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The statuses of the protocol, declared in precedence order, and the order their counts are shown in. This is the one
 * source of both rules: the runner ({@code runner.py}) and the pages' script ({@code common.js}) copy them, and
 * {@code ProtocolRulesTest} fails when a copy differs.
 *
 * <p>A scenario's status is the first status found among its children in precedence order: cancelled, running,
 * waiting, unknown, failed, error, warning, passed, skipped. Failed ranks above error, as the protocol states it and as
 * pytest's summary lists them: a product that misbehaved is the headline, a test that broke comes next. Skipped ranks
 * last, below passed, so that a folder with passed and skipped tests has passed and only a folder whose every test was
 * skipped reads skipped (pytest's green and yellow summaries); it never counts as a failure.
 */
public enum TestStatus {
    CANCELLED, RUNNING, WAITING, UNKNOWN, FAILED, ERROR, WARNING, PASSED, SKIPPED;

    /** The order counts are shown in, in the console, the build summary, the step's result and the pages. */
    public static final List<TestStatus> DISPLAY_ORDER =
            List.of(PASSED, WARNING, SKIPPED, FAILED, ERROR, CANCELLED, UNKNOWN, RUNNING, WAITING);

    /**
     * The mark of a flaky test: one whose last attempt passed or warned after an attempt that failed or errored (see
     * {@link #isFlaky}). Not a status: a flaky test's status is its last attempt's, the mark goes beside it, in counts
     * as {@code 7 passed (1 flaky)}. The runner ({@code FLAKY}) and the pages ({@code FLAKY} in {@code common.js})
     * copy it.
     */
    public static final String FLAKY = "flaky";

    /** The name on the wire: lower case, as in {@code "status": "passed"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a test in this status has not ended yet. */
    public boolean isOngoing() {
        return this == WAITING || this == RUNNING;
    }

    /** Whether this status may end a test in a TEST STOP message. */
    public boolean isFinal() {
        return !isOngoing();
    }

    /** Whether a run of only such outcomes went well (passed, warning, skipped): its outcome is success. */
    public boolean isSuccess() {
        return this == PASSED || this == WARNING || this == SKIPPED;
    }

    /** Whether this outcome counts as a failure of the run (failed, error). */
    public boolean isFailure() {
        return this == FAILED || this == ERROR;
    }

    /** Whether an attempt that ended so is run again when retries are asked for (failed, error). */
    public boolean isRetried() {
        return isFailure();
    }

    /** Whether a test whose last attempt ended {@code last}, after attempts that ended {@code earlier}, is flaky. */
    public static boolean isFlaky(TestStatus last, Collection<TestStatus> earlier) {
        return (last == PASSED || last == WARNING) && earlier.stream().anyMatch(TestStatus::isRetried);
    }

    public static Optional<TestStatus> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }

    /** The statuses that may end a test, as messages list them: "passed, warning, skipped, ...". */
    public static String finalWireNames() {
        return DISPLAY_ORDER.stream().filter(TestStatus::isFinal).map(TestStatus::wireName)
                .collect(Collectors.joining(", "));
    }

    /** The roll-up of children's statuses; an empty scenario has passed, as nothing in it did otherwise. */
    public static TestStatus rollUp(Collection<TestStatus> children) {
        return children.stream().min(Enum::compareTo).orElse(PASSED);
    }

    /** Counts in words, in display order, those with none left out: "7 passed, 1 failed"; "no tests" when empty. */
    public static String describe(Map<TestStatus, Integer> counts) {
        return describe(counts, 0);
    }

    /**
     * Counts in words with the flaky tests marked beside the passed ones (the warned ones when none passed):
     * "7 passed (1 flaky), 1 failed".
     */
    public static String describe(Map<TestStatus, Integer> counts, int flaky) {
        TestStatus marked = flaky <= 0 ? null
                : counts.getOrDefault(PASSED, 0) > 0 ? PASSED : counts.getOrDefault(WARNING, 0) > 0 ? WARNING : null;
        String text = DISPLAY_ORDER.stream().filter(s -> counts.getOrDefault(s, 0) > 0)
                .map(s -> counts.get(s) + " " + s.wireName() + (s == marked ? " (" + flaky + " " + FLAKY + ")" : ""))
                .collect(Collectors.joining(", "));
        return text.isEmpty() ? "no tests" : text;
    }
}
