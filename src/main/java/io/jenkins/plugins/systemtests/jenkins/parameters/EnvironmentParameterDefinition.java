package io.jenkins.plugins.systemtests.jenkins.parameters;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.cli.CLICommand;
import hudson.model.Failure;
import hudson.model.ParameterDefinition;
import hudson.model.ParameterValue;
import hudson.util.FormValidation;
import io.jenkins.plugins.systemtests.core.env.EnvironmentState;
import io.jenkins.plugins.systemtests.core.env.TestEnvironment;
import io.jenkins.plugins.systemtests.jenkins.environment.EnvironmentResources;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * The "Test environment" build parameter: one of the IDs 1 to 100 or an environment name in use, each shown free or
 * busy as lockable-resources has it when the form opens. Its value is what the steps' {@code environment} takes.
 */
public class EnvironmentParameterDefinition extends ParameterDefinition {
    private static final long serialVersionUID = 1L;

    private String defaultEnvironment = "";
    private boolean required;

    @DataBoundConstructor
    public EnvironmentParameterDefinition(@NonNull String name) {
        super(name);
    }

    /** The environment chosen when the form opens and when a build starts without the parameter; blank: none. */
    public String getDefaultEnvironment() {
        return defaultEnvironment;
    }

    @DataBoundSetter
    public void setDefaultEnvironment(String defaultEnvironment) {
        this.defaultEnvironment = defaultEnvironment == null ? "" : defaultEnvironment.trim();
    }

    /** Whether a build must name an environment (otherwise "none" is a choice). */
    public boolean isRequired() {
        return required;
    }

    @DataBoundSetter
    public void setRequired(boolean required) {
        this.required = required;
    }

    @Override
    public ParameterDefinition copyWithDefaultValue(ParameterValue defaultValue) {
        if (!(defaultValue instanceof EnvironmentParameterValue value)) {
            return this;
        }
        EnvironmentParameterDefinition copy = new EnvironmentParameterDefinition(getName());
        copy.setDescription(getDescription());
        copy.setRequired(required);
        copy.setDefaultEnvironment(value.getValue());
        return copy;
    }

    @Override
    public ParameterValue getDefaultParameterValue() {
        return new EnvironmentParameterValue(getName(), defaultEnvironment, getDescription());
    }

    @Override
    public ParameterValue createValue(StaplerRequest2 req, JSONObject jo) {
        return valueOf(jo.optString("value", ""));
    }

    @Override
    public ParameterValue createValue(StaplerRequest2 req) {
        String[] values = req.getParameterValues(getName());
        if (values == null) {
            return getDefaultParameterValue();
        }
        if (values.length != 1) {
            throw new Failure(getName() + ": " + Messages.EnvironmentParameterDefinition_oneValue(values.length));
        }
        return valueOf(values[0]);
    }

    @Override
    public ParameterValue createValue(CLICommand command, String value) {
        return valueOf(value);
    }

    @Override
    public boolean isValid(ParameterValue value) {
        return value instanceof EnvironmentParameterValue environment
                && problemWith(environment.getValue()).isEmpty();
    }

    private Optional<String> problemWith(String value) {
        return TestEnvironment.problemWith(value, required);
    }

    private EnvironmentParameterValue valueOf(String value) {
        problemWith(value).ifPresent(problem -> {
            throw new Failure(getName() + ": " + problem);
        });
        String id = TestEnvironment.parseOptional(value).map(TestEnvironment::id).orElse("");
        return new EnvironmentParameterValue(getName(), id, getDescription());
    }

    /** The choices of the form: every environment, free or busy, read now. */
    public List<Choice> getChoices() {
        String chosen = TestEnvironment.parseOptional(defaultEnvironment).map(TestEnvironment::id).orElse("");
        List<Choice> choices = new ArrayList<>();
        for (EnvironmentState state : EnvironmentResources.states()) {
            choices.add(new Choice(state, state.id().equalsIgnoreCase(chosen)));
        }
        return choices;
    }

    /** One option of the form's list. */
    public static final class Choice {
        private static final DateTimeFormatter TIME =
                DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT).withLocale(Locale.ROOT);
        private final EnvironmentState state;
        private final boolean selected;

        Choice(EnvironmentState state, boolean selected) {
            this.state = state;
            this.selected = selected;
        }

        public String getId() {
            return state.id();
        }

        public boolean isSelected() {
            return selected;
        }

        public boolean isBusy() {
            return state.busy();
        }

        /** The option's text: the id, free or busy with its holder, since when, and the builds waiting. */
        public String getLabel() {
            String since = state.since() == null ? "" : TIME.format(state.since().atZone(ZoneId.systemDefault()));
            String label = state.busy()
                    ? Messages.EnvironmentParameterDefinition_busy(state.id(), state.holder(), since)
                    : Messages.EnvironmentParameterDefinition_free(state.id());
            return state.waiting() == 0 ? label
                    : label + Messages.EnvironmentParameterDefinition_waiting(state.waiting());
        }
    }

    @Extension
    @Symbol("testEnvironment")
    public static class DescriptorImpl extends ParameterDescriptor {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.EnvironmentParameterDefinition_displayName();
        }

        public FormValidation doCheckDefaultEnvironment(@QueryParameter String value) {
            return TestEnvironment.problemWith(value, false).map(FormValidation::error).orElse(FormValidation.ok());
        }
    }
}
