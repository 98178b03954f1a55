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
        String text = DISPLAY_ORDER.stream().filter(s -> counts.getOrDefault(s, 0) > 0)
                .map(s -> counts.get(s) + " " + s.wireName()).collect(Collectors.joining(", "));
        return text.isEmpty() ? "no tests" : text;
    }
}
