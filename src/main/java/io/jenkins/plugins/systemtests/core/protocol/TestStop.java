package io.jenkins.plugins.systemtests.core.protocol;

import java.time.LocalDateTime;

/**
 * A TEST STOP message: one test script has ended with a final status.
 *
 * @param buildUrl the build named in the run's DRY RUN, when the machine repeats it (optional), else null
 * @param reason   why the test did not pass, one line (optional field {@code reason}), else null
 * @param retry    this attempt ended and the test runs again at once (optional field {@code retry}, default false):
 *                 the test stays running, this attempt is kept, and the next START of its file is its next attempt
 */
public record TestStop(String machineName, String filePath, String fileName, TestStatus status, LocalDateTime stop,
        String buildUrl, String reason, boolean retry) implements Message {
    public TestStop(String machineName, String filePath, String fileName, TestStatus status, LocalDateTime stop,
            String buildUrl, String reason) {
        this(machineName, filePath, fileName, status, stop, buildUrl, reason, false);
    }

    public TestStop(String machineName, String filePath, String fileName, TestStatus status, LocalDateTime stop,
            String buildUrl) {
        this(machineName, filePath, fileName, status, stop, buildUrl, null, false);
    }

    public TestStop(String machineName, String filePath, String fileName, TestStatus status, LocalDateTime stop) {
        this(machineName, filePath, fileName, status, stop, null, null, false);
    }
}
