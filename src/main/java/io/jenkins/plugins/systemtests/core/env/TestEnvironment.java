package io.jenkins.plugins.systemtests.core.env;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A test environment: an ID from 1 to 100 or a name. It is the lockable resource {@code system-test-env-<id>} with the
 * label {@code system-test-env}, so that only one run uses it at a time.
 */
public record TestEnvironment(String id) {
    public static final String RESOURCE_PREFIX = "system-test-env-";
    public static final String LABEL = "system-test-env";
    public static final int MAX_NUMBER = 100;
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

    /** The environment a user typed, or an explanation of what is wrong with it. */
    public static TestEnvironment parse(String text) {
        String value = text == null ? "" : text.trim();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("Enter a test environment: a number from 1 to 100 or a name");
        }
        if (value.chars().allMatch(Character::isDigit)) {
            int number;
            try {
                number = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                number = Integer.MAX_VALUE;
            }
            if (number < 1 || number > MAX_NUMBER) {
                throw new IllegalArgumentException("Test environment " + value + " does not exist: numbers go from 1 to "
                        + MAX_NUMBER);
            }
            return new TestEnvironment(Integer.toString(number));
        }
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a test environment name: use a letter first, then "
                    + "letters, digits, '-' or '_' (at most 64)");
        }
        return new TestEnvironment(value);
    }

    /** An optional environment: empty for a blank value. */
    public static Optional<TestEnvironment> parseOptional(String text) {
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(parse(text));
    }

    /** The error message for a value, or empty when it is valid (for form validation). */
    public static Optional<String> problemWith(String text, boolean required) {
        try {
            if (required) {
                parse(text);
            } else {
                parseOptional(text);
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The lockable-resources resource name. */
    public String resourceName() {
        return RESOURCE_PREFIX + id.toLowerCase(Locale.ROOT);
    }

    /** Whether a whitespace-separated list of resource names (lockable-resources' job property) names this one. */
    public boolean isNamedIn(String resourceNames) {
        return resourceNames != null && Arrays.asList(resourceNames.trim().split("\\s+")).contains(resourceName());
    }

    @Override
    public String toString() {
        return id;
    }
}
