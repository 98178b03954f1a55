package io.jenkins.plugins.systemtests.jenkins;

import hudson.AbortException;
import io.jenkins.plugins.systemtests.core.config.ParameterNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jenkinsci.plugins.structs.describable.DescribableModel;
import org.jenkinsci.plugins.structs.describable.DescribableParameter;

/**
 * Our steps refuse parameters they do not take. structs' {@code DescribableModel} only logs "Unknown parameter(s)"
 * and drops them (unless the whole controller sets {@code STRICT_PARAMETER_CHECKING}), so a misspelt
 * {@code enviroment} would run the tests holding no environment. Called by the step descriptors'
 * {@code newInstance} and by the {@code systemTests} DSL, before anything runs.
 */
public final class StepParameters {
    private StepParameters() {
    }

    /** The names {@code step}'s {@code @DataBoundConstructor} and {@code @DataBoundSetter}s take, then {@code extra}. */
    public static List<String> of(Class<?> step, String... extra) {
        List<String> names = new ArrayList<>();
        for (DescribableParameter parameter : DescribableModel.of(step).getParameters()) {
            names.add(parameter.getName());
        }
        names.addAll(Arrays.asList(extra));
        return names;
    }

    /** @return {@code function: Unknown parameter 'x'; did you mean 'y'?}, or empty when every key is valid */
    public static Optional<String> problem(String function, Map<String, ?> arguments, List<String> valid) {
        return ParameterNames.unknown(arguments.keySet(), valid).map(sentence -> function + ": " + sentence);
    }

    /** @throws AbortException (the build fails with the message alone, no stack trace) for an unknown key */
    public static void check(String function, Map<String, ?> arguments, List<String> valid) throws AbortException {
        Optional<String> problem = problem(function, arguments, valid);
        if (problem.isPresent()) {
            throw new AbortException(problem.get());
        }
    }
}
