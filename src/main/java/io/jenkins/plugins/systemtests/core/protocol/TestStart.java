package io.jenkins.plugins.systemtests.core.protocol;

import java.time.LocalDateTime;

/**
 * A TEST START message: one test script is about to run.
 *
 * @param buildUrl the build named in the run's DRY RUN, when the machine repeats it (optional), else null
 */
public record TestStart(String machineName, String filePath, String fileName, LocalDateTime start, String buildUrl)
        implements Message {
    public TestStart(String machineName, String filePath, String fileName, LocalDateTime start) {
        this(machineName, filePath, fileName, start, null);
    }
}
