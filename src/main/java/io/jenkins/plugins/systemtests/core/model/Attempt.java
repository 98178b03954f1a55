package io.jenkins.plugins.systemtests.core.model;

import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import java.time.LocalDateTime;

/**
 * One earlier attempt of a retried test: how it ended, when (the machine's clock), and why. The test's own status,
 * times and reason are its last attempt's.
 *
 * @param reason why it did not pass, as the machine said, or null
 */
public record Attempt(TestStatus status, LocalDateTime start, LocalDateTime stop, String reason) {
}
