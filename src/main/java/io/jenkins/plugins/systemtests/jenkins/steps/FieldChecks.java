package io.jenkins.plugins.systemtests.jenkins.steps;

import hudson.util.FormValidation;
import io.jenkins.plugins.systemtests.core.env.EnvironmentWait;
import io.jenkins.plugins.systemtests.core.env.TestEnvironment;
import io.jenkins.plugins.systemtests.core.runner.RunSettings;
import io.jenkins.plugins.systemtests.core.secrets.SecretVariable;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/** Form validation shared by the builder's and the step's forms: the core's checks, as form messages. */
final class FieldChecks {
    private FieldChecks() {
    }

    @FunctionalInterface
    /** A check that throws {@link IllegalArgumentException} with the user's message. */
    private interface Check {
        void run();
    }

    private static FormValidation check(Check check) {
        try {
            check.run();
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    /** Checks a value by building the settings it goes into; building throws with the user's message. */
    private static FormValidation checkSettings(Supplier<RunSettings> settings) {
        return check(() -> Objects.requireNonNull(settings.get()));
    }

    /** One test per line (a master scenario, files, directories or globs, relative to the workspace). */
    static List<String> lines(String tests) {
        return tests == null ? List.of() : Arrays.asList(tests.split("\\r?\\n"));
    }

    static FormValidation tests(String value) {
        return check(() -> RunSettings.checkTests(lines(value)));
    }

    static FormValidation environment(String value) {
        return TestEnvironment.problemWith(value, false).map(FormValidation::error).orElse(FormValidation.ok());
    }

    static FormValidation timeoutMinutes(String value) {
        return check(() -> {
            try {
                RunSettings.checkTimeout(Integer.parseInt(value.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Enter the per-test timeout as a whole number of minutes");
            }
        });
    }

    static FormValidation waitTimeoutMinutes(String value, String environment) {
        int minutes;
        try {
            minutes = value == null || value.isBlank() ? 0 : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return FormValidation.error("Enter the wait timeout as a whole number of minutes (0: wait as long as it "
                    + "takes)");
        }
        if (minutes < 0) {
            return FormValidation.error("The wait timeout cannot be negative; 0 waits as long as it takes");
        }
        try {
            EnvironmentWait.limit(minutes);
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
        return minutes > 0 && (environment == null || environment.isBlank())
                ? FormValidation.warning("Only a build that waits for a test environment can give up waiting: name the "
                        + "environment")
                : FormValidation.ok();
    }

    static FormValidation junitXml(String value) {
        return checkSettings(() -> RunSettings.of(List.of("x.py"), null, null, null, value, null, null));
    }

    static FormValidation requirements(String value) {
        return checkSettings(() -> RunSettings.of(List.of("x.py"), null, null, null, null, null, null)
                .withRequirements(value));
    }

    static FormValidation retries(String value) {
        return check(() -> {
            try {
                RunSettings.checkRetries(value == null || value.isBlank() ? 0 : Integer.parseInt(value.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Enter the retries as a whole number (0: no retry)");
            }
        });
    }

    static FormValidation retryOn(String value) {
        return checkSettings(() -> RunSettings.of(List.of("x.py"), null, null, null, null, null, null)
                .withRetries(1, value));
    }

    static FormValidation variable(String value) {
        return check(() -> SecretVariable.checkName(value));
    }

    static FormValidation outcomes(String value) {
        return check(() -> RunSettings.statuses(value == null ? "" : value));
    }
}
