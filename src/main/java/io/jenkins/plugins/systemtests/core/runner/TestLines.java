package io.jenkins.plugins.systemtests.core.runner;

import java.io.Serializable;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds each test's START line in a build's console, as the runner prints them: a run begins with
 * {@code System Tests: 3 tests in 2 scenarios on lab-1}, then each test with {@code [  2/3] START   t/test_x.py}
 * (its place in the plan). Runs are counted from 1 in the order they began, which is the order the build lists them.
 * One instance reads one console from its start, line by line; it is serializable because Jenkins keeps it between
 * the chunks of a console it sends.
 */
public final class TestLines implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern RUN_BEGINS = Pattern.compile("System Tests: \\d+ tests? in \\d+ scenarios? on ");
    private static final Pattern TEST_STARTS = Pattern.compile("\\[ *(\\d+)/\\d+\\] START ");

    private int runOrdinal;

    /** The anchor a page links to for a test: {@code system-tests-<run ordinal>-<test index>}. */
    public static String anchor(int runOrdinal, int testIndex) {
        return "system-tests-" + runOrdinal + "-" + testIndex;
    }

    /** The anchor of the test this line starts, if it starts one; a run's first line is remembered. */
    public Optional<String> read(String line) {
        // Cheap checks first: every line of every build's console passes here.
        if (line.contains("] START ")) {
            Matcher test = TEST_STARTS.matcher(line);
            if (test.find() && runOrdinal > 0) {
                return Optional.of(anchor(runOrdinal, Integer.parseInt(test.group(1)) - 1));
            }
        } else if (line.contains("System Tests: ") && RUN_BEGINS.matcher(line).find()) {
            runOrdinal++;
        }
        return Optional.empty();
    }

    /** How many runs have begun so far. */
    public int runsSeen() {
        return runOrdinal;
    }
}
