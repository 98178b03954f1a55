package io.jenkins.plugins.systemtests.core.protocol;

import io.jenkins.plugins.systemtests.core.model.TestStatus;
import java.time.LocalDateTime;

/** A TEST STOP message: one test script has ended with a final status. */
public record TestStop(String machineName, String filePath, String fileName, TestStatus status, LocalDateTime stop)
        implements Message {
}
