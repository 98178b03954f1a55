package io.jenkins.plugins.systemtests.core.model;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The eight statuses of the protocol. A scenario's status is the first status found among its children in
 * precedence order: cancelled, running, waiting, unknown, failed, error, warning, passed.
 */
public enum TestStatus {
    CANCELLED(0), RUNNING(1), WAITING(2), UNKNOWN(3), FAILED(4), ERROR(5), WARNING(6), PASSED(7);

    private final int precedence;

    TestStatus(int precedence) {
        this.precedence = precedence;
    }

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

    /** Whether this outcome counts as a failure of the run (failed, error). */
    public boolean isFailure() {
        return this == FAILED || this == ERROR;
    }

    public static Optional<TestStatus> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }

    /** The roll-up of children's statuses; an empty scenario has passed, as nothing in it did otherwise. */
    public static TestStatus rollUp(Collection<TestStatus> children) {
        TestStatus result = PASSED;
        for (TestStatus child : children) {
            if (child.precedence < result.precedence) {
                result = child;
            }
        }
        return result;
    }
}
