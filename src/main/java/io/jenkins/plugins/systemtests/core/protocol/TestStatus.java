package io.jenkins.plugins.systemtests.core.protocol;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The eight statuses of the protocol, declared in precedence order. A scenario's status is the first status found among its children in
 * precedence order: cancelled, running, waiting, unknown, failed, error, warning, passed.
 */
public enum TestStatus {
    CANCELLED, RUNNING, WAITING, UNKNOWN, FAILED, ERROR, WARNING, PASSED;

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
            if (child.ordinal() < result.ordinal()) {
                result = child;
            }
        }
        return result;
    }
}
