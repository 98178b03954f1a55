package io.jenkins.plugins.systemtests.jenkins.parameters;

import hudson.model.StringParameterValue;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * The test environment chosen for a build: an ID from 1 to 100 or a name (blank: none), as {@code environment:}
 * takes it ({@code systemTests environment: params.ENV}).
 */
public class EnvironmentParameterValue extends StringParameterValue {
    private static final long serialVersionUID = 1L;

    @DataBoundConstructor
    public EnvironmentParameterValue(String name, String value) {
        super(name, value);
    }

    public EnvironmentParameterValue(String name, String value, String description) {
        super(name, value, description);
    }
}
