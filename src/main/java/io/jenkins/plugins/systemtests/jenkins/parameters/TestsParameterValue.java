package io.jenkins.plugins.systemtests.jenkins.parameters;

import hudson.model.StringParameterValue;
import java.util.Arrays;
import java.util.List;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * The tests chosen for a build: one per line, as the steps' {@code tests} take them ({@code systemTests tests:
 * params.TESTS}, {@code ${TESTS}} in the freestyle step). A string value, so that it is an environment variable and a
 * Pipeline parameter like any other and Replay keeps it; the build's Parameters page lists it ({@code value.jelly}).
 */
public class TestsParameterValue extends StringParameterValue {
    private static final long serialVersionUID = 1L;

    @DataBoundConstructor
    public TestsParameterValue(String name, String value) {
        super(name, value);
    }

    public TestsParameterValue(String name, List<String> tests, String description) {
        super(name, String.join("\n", tests), description);
    }

    /** The tests, one a line of the value. */
    public List<String> getTests() {
        String text = getValue();
        return text == null ? List.of()
                : Arrays.stream(text.split("\\r?\\n")).map(String::trim).filter(line -> !line.isEmpty()).toList();
    }

    @Override
    public String getShortDescription() {
        return getName() + "=" + String.join(", ", getTests());
    }
}
