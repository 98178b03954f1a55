package io.jenkins.plugins.systemtests.core.support;

/**
 * One line per reliability check, read by {@code bench/reliability.sh}:
 * {@code RELIABILITY <check> key=value ...}. The test asserts the counts itself; the line makes them visible.
 */
public final class Reliability {
    private Reliability() {
    }

    public static void report(String check, Object... keysAndValues) {
        StringBuilder line = new StringBuilder("RELIABILITY ").append(check);
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            line.append(' ').append(keysAndValues[i]).append('=').append(keysAndValues[i + 1]);
        }
        System.out.println(line);
    }
}
