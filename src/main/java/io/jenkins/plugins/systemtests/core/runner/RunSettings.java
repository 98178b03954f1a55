package io.jenkins.plugins.systemtests.core.runner;

import io.jenkins.plugins.systemtests.core.env.TestEnvironment;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.core.secrets.SecretVariable;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a build asks the runner to do, checked: the tests (workspace paths or globs), the environment, the
 * interpreter, the per-test timeout, where the JUnit XML goes, which outcomes make the build unstable or failed, and
 * how often a failed test is retried ({@code retries}, only for reasons matching {@code retryOn} when it is not null).
 */
public record RunSettings(List<String> tests, Optional<TestEnvironment> environment, String python, int timeoutMinutes,
        String junitXml, Set<TestStatus> unstableOn, Set<TestStatus> failureOn, String requirements,
        List<SecretVariable> credentials, int retries, String retryOn, List<String> quarantined) {
    /** The most retries a run may ask for: a test that fails more often than that is not flaky, it is failing. */
    public static final int MAX_RETRIES = 10;

    public static final String DEFAULT_PYTHON = "python3";
    public static final int DEFAULT_TIMEOUT_MINUTES = 30;
    public static final int MAX_TIMEOUT_MINUTES = 7 * 24 * 60;
    public static final String DEFAULT_JUNIT_XML = "system-tests-results.xml";
    public static final Set<TestStatus> DEFAULT_UNSTABLE_ON = EnumSet.of(TestStatus.FAILED, TestStatus.ERROR);
    /** {@link #DEFAULT_UNSTABLE_ON} as a form and a Pipeline write it. */
    public static final String DEFAULT_UNSTABLE_ON_TEXT = "failed, error";
    /** Tests uploaded to the controller's library, copied to the agent at run time. */
    public static final String LIBRARY_PREFIX = "library:";
    private static final java.util.regex.Pattern LIBRARY_REFERENCE =
            java.util.regex.Pattern.compile("library:[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}/[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}\\.py");

    public RunSettings {
        tests = List.copyOf(tests);
        unstableOn = Set.copyOf(unstableOn);
        failureOn = Set.copyOf(failureOn);
        credentials = SecretVariable.checkDistinct(credentials == null ? List.of() : credentials);
        quarantined = quarantined == null ? List.of() : List.copyOf(quarantined);
    }

    /**
     * Settings from what a user typed; blank optional values take their defaults.
     *
     * @throws IllegalArgumentException with a message fit for the user when a value is wrong
     */
    public static RunSettings of(List<String> tests, String environment, String python, Integer timeoutMinutes,
            String junitXml, String unstableOn, String failureOn) {
        return new RunSettings(checkTests(tests), TestEnvironment.parseOptional(environment),
                python == null || python.isBlank() ? DEFAULT_PYTHON : checkPython(python.trim()),
                timeoutMinutes == null ? DEFAULT_TIMEOUT_MINUTES : checkTimeout(timeoutMinutes),
                junitXml == null || junitXml.isBlank() ? DEFAULT_JUNIT_XML : checkRelativePath(junitXml.trim(), "JUnit XML"),
                unstableOn == null ? DEFAULT_UNSTABLE_ON : statuses(unstableOn),
                failureOn == null ? Set.of() : statuses(failureOn), null, List.of(), 0, null, List.of());
    }

    /**
     * The same settings, running the tests in a virtual environment made for this requirements file (a workspace
     * path); blank for none.
     */
    public RunSettings withRequirements(String requirementsFile) {
        String file = requirementsFile == null || requirementsFile.isBlank() ? null
                : checkRelativePath(requirementsFile.trim(), "Requirements file");
        return new RunSettings(tests, environment, python, timeoutMinutes, junitXml, unstableOn, failureOn, file,
                credentials, retries, retryOn, quarantined);
    }

    /**
     * The same settings, running a failed or errored test again up to {@code retries} times, only for reasons matching
     * {@code retryOn} (a Python regular expression, searched in the reason) when it is not blank.
     */
    public RunSettings withRetries(Integer retries, String retryOn) {
        String pattern = retryOn == null || retryOn.isBlank() ? null : checkRetryOn(retryOn.trim());
        return new RunSettings(tests, environment, python, timeoutMinutes, junitXml, unstableOn, failureOn,
                requirements, credentials, retries == null ? 0 : checkRetries(retries), pattern, quarantined);
    }

    public static int checkRetries(int retries) {
        if (retries < 0 || retries > MAX_RETRIES) {
            throw new IllegalArgumentException("Retries must be from 0 to " + MAX_RETRIES + ", not " + retries);
        }
        return retries;
    }

    /**
     * A retry pattern, checked as far as Java can: Python's and Java's regular expressions agree on what patterns of
     * reasons use (alternatives, classes, groups, quantifiers); the runner checks it again with Python's {@code re}.
     */
    public static String checkRetryOn(String pattern) {
        if (pattern.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("The retry pattern contains a control character");
        }
        try {
            java.util.regex.Pattern.compile(pattern);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new IllegalArgumentException("The retry pattern '" + pattern + "' is not a regular expression: "
                    + e.getDescription());
        }
        return pattern;
    }

    public static List<String> checkTests(List<String> tests) {
        List<String> result = new ArrayList<>();
        for (String test : tests == null ? List.<String>of() : tests) {
            if (test == null || test.isBlank()) {
                continue;
            }
            String trimmed = test.trim();
            if (trimmed.startsWith(LIBRARY_PREFIX)) {
                if (!LIBRARY_REFERENCE.matcher(trimmed).matches()) {
                    throw new IllegalArgumentException("'" + trimmed + "' is not a library test: use "
                            + "library:<directory>/<file>.py");
                }
                result.add(trimmed);
            } else {
                result.add(checkRelativePath(trimmed, "Test"));
            }
        }
        if (result.isEmpty()) {
            throw new IllegalArgumentException("Select at least one test: a master scenario, test files, directories "
                    + "or glob patterns in the workspace");
        }
        return result;
    }

    static String checkRelativePath(String path, String what) {
        String normal = path.replace('\\', '/');
        if (normal.startsWith("/") || normal.matches("^[A-Za-z]:.*") || List.of(normal.split("/")).contains("..")) {
            throw new IllegalArgumentException(what + " path '" + path + "' must stay inside the workspace");
        }
        if (normal.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(what + " path '" + path + "' contains a control character");
        }
        return path;
    }

    static String checkPython(String python) {
        if (python.chars().anyMatch(c -> Character.isISOControl(c))) {
            throw new IllegalArgumentException("The Python executable contains a control character");
        }
        return python;
    }

    public static int checkTimeout(int minutes) {
        if (minutes < 1 || minutes > MAX_TIMEOUT_MINUTES) {
            throw new IllegalArgumentException("The per-test timeout must be from 1 to " + MAX_TIMEOUT_MINUTES + " minutes");
        }
        return minutes;
    }

    /** Final statuses from a list like {@code "failed, error"}; blank is none. */
    public static Set<TestStatus> statuses(String text) {
        Set<TestStatus> result = EnumSet.noneOf(TestStatus.class);
        for (String part : text.split("[,\\s]+")) {
            if (part.isBlank()) {
                continue;
            }
            TestStatus status = TestStatus.fromWireName(part.trim().toLowerCase(Locale.ROOT)).filter(TestStatus::isFinal)
                    .orElseThrow(() -> new IllegalArgumentException("'" + part.trim() + "' is not an outcome: use "
                            + TestStatus.finalWireNames()));
            result.add(status);
        }
        return result;
    }

    /** The same settings, writing the JUnit XML there (a share of a queue writes its part, merged at the end). */
    public RunSettings withJunitXml(String path) {
        return new RunSettings(tests, environment, python, timeoutMinutes, path, unstableOn, failureOn, requirements,
                credentials, retries, retryOn, quarantined);
    }

    /** The same settings with the tests replaced, e.g. library references by the paths they were copied to. */
    public RunSettings withTests(List<String> resolved) {
        return new RunSettings(resolved, environment, python, timeoutMinutes, junitXml, unstableOn, failureOn,
                requirements, credentials, retries, retryOn, quarantined);
    }

    /** The same settings, exposing these credentials to the tests as environment variables. */
    public RunSettings withCredentials(List<SecretVariable> variables) {
        return new RunSettings(tests, environment, python, timeoutMinutes, junitXml, unstableOn, failureOn,
                requirements, variables, retries, retryOn, quarantined);
    }

    /**
     * The same settings, with the job's quarantined tests (as {@code core.model.TestId} names them) named to the
     * runner, which marks their failures in the JUnit XML.
     */
    public RunSettings withQuarantined(List<String> testIds) {
        return new RunSettings(tests, environment, python, timeoutMinutes, junitXml, unstableOn, failureOn,
                requirements, credentials, retries, retryOn, testIds);
    }

    /** The command that runs the shipped runner on the agent, from the workspace. */
    public List<String> command(String runnerPath, String eventsPath, String machineName, String buildUrl) {
        return command(runnerPath, eventsPath, machineName, buildUrl, null);
    }

    /** @param startedBy who started the build, reported with the plan; may be null */
    public List<String> command(String runnerPath, String eventsPath, String machineName, String buildUrl,
            String startedBy) {
        List<String> command = new ArrayList<>();
        command.add(python);
        command.add(runnerPath);
        command.addAll(tests);
        command.addAll(List.of("--timeout", Integer.toString(timeoutMinutes * 60), "--junit", junitXml,
                "--events", eventsPath, "--machine-name", machineName, "--python", python));
        if (buildUrl != null) {
            command.addAll(List.of("--build-url", buildUrl));
        }
        environment.ifPresent(e -> command.addAll(List.of("--environment", e.id())));
        if (requirements != null) {
            command.addAll(List.of("--requirements", requirements));
        }
        if (startedBy != null) {
            command.addAll(List.of("--started-by", startedBy));
        }
        if (retries > 0) {
            command.addAll(List.of("--retries", Integer.toString(retries)));
            if (retryOn != null) {
                command.addAll(List.of("--retry-on", retryOn));
            }
        }
        quarantined.forEach(id -> command.addAll(List.of("--quarantined", id)));
        return command;
    }
}
