package io.jenkins.plugins.systemtests.core.model;

import io.jenkins.plugins.systemtests.core.protocol.DryRun;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import java.time.Instant;
import java.time.LocalDateTime;

/** What happens to a run. The log of a run is its events; replaying them rebuilds its state exactly. */
public sealed interface RunEvent {
    /** When the controller received or decided it. */
    Instant at();

    record Created(long runId, DryRun plan, Instant at) implements RunEvent {
    }

    record Started(int testIndex, LocalDateTime start, Instant at) implements RunEvent {
    }

    /**
     * @param reason why the test did not pass, as the machine said, or null
     * @param retry  this attempt ended and the test runs again: it stays running, the attempt is kept
     */
    record Stopped(int testIndex, TestStatus status, LocalDateTime stop, Instant at, String reason, boolean retry)
            implements RunEvent {
        public Stopped(int testIndex, TestStatus status, LocalDateTime stop, Instant at, String reason) {
            this(testIndex, status, stop, at, reason, false);
        }

        public Stopped(int testIndex, TestStatus status, LocalDateTime stop, Instant at) {
            this(testIndex, status, stop, at, null, false);
        }
    }

    /** The run is ended from outside: its waiting and running tests become {@code unfinishedBecome}. */
    record Ended(EndReason reason, TestStatus unfinishedBecome, Instant at) implements RunEvent {
    }
}
