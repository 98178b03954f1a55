package io.jenkins.plugins.systemtests.core.protocol;

/**
 * How the runner marks the middle it cut out of a test's long output (it keeps the head and the tail): one line,
 * {@code [... 123456 bytes elided by the System Tests runner ...]}. The runner writes it ({@code ELISION} in
 * {@code runner.py}, held to {@link #LINE} by {@code ProtocolRulesTest}); the read API tells a page when a log has it.
 */
public final class ElidedOutput {
    /** The line, {@code %d} standing for the number of bytes left out. */
    public static final String LINE = "[... %d bytes elided by the System Tests runner ...]";
    private static final String WORDS = "bytes elided by the System Tests runner ...]";

    private ElidedOutput() {
    }

    /** Whether the runner cut the middle of this output. */
    public static boolean isElided(String log) {
        return log.contains(WORDS);
    }
}
