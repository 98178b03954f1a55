package io.jenkins.plugins.systemtests.jenkins.environment;

import hudson.Util;
import hudson.model.ParameterValue;
import hudson.model.ParametersAction;
import hudson.model.StringParameterValue;
import io.jenkins.plugins.systemtests.core.env.TestEnvironment;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A freestyle step's environment taken from a build parameter: {@code ${ENV}} in the step's environment field, with
 * a Test environment (or any string) parameter {@code ENV}. lockable-resources' job property expands no parameter,
 * so it cannot queue such a build for its environment; the plugin does ({@link EnvironmentParameterQueue} keeps the
 * queued build waiting and reserves the environment for it, {@link EnvironmentParameterLocks} locks it for the build).
 */
public final class EnvironmentParameters {
    private EnvironmentParameters() {
    }

    /** Whether a step's environment field refers to a variable ({@code ${ENV}}, {@code $ENV}) instead of naming one. */
    public static boolean isParameterized(String environment) {
        return environment != null && environment.contains("$");
    }

    /**
     * The environment a build with these parameters needs: the field with its {@code ${NAME}}s replaced. Empty when
     * the value is blank (no environment), names no parameter of the build, or is no valid environment: the build
     * then holds nothing and its step says what is wrong.
     */
    static Optional<TestEnvironment> resolve(String environment, Map<String, String> parameters) {
        String expanded = Util.replaceMacro(environment, parameters);
        if (expanded == null || expanded.contains("$")) {
            return Optional.empty();
        }
        try {
            return TestEnvironment.parseOptional(expanded);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A queued item's or a build's string parameters (a Test environment parameter is one), by name. */
    static Map<String, String> valuesOf(ParametersAction parameters) {
        Map<String, String> values = new HashMap<>();
        if (parameters == null) {
            return values;
        }
        for (ParameterValue value : parameters.getAllParameters()) {
            if (value instanceof StringParameterValue string && string.getValue() != null) {
                values.put(string.getName(), string.getValue());
            }
        }
        return values;
    }
}
