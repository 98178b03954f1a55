package io.jenkins.plugins.systemtests.core.protocol;

import java.time.LocalDateTime;

/** A TEST START message: one test script is about to run. */
public record TestStart(String machineName, String filePath, String fileName, LocalDateTime start) implements Message {
}
