package io.jenkins.plugins.systemtests.jenkins.parameters;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.cli.CLICommand;
import hudson.model.Failure;
import hudson.model.Job;
import hudson.model.ParameterDefinition;
import hudson.model.ParameterValue;
import hudson.model.ParametersDefinitionProperty;
import hudson.util.FormValidation;
import io.jenkins.plugins.systemtests.core.json.Json;
import io.jenkins.plugins.systemtests.core.library.TestLibrary;
import io.jenkins.plugins.systemtests.core.runner.TestSelection;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import io.jenkins.plugins.systemtests.jenkins.steps.TestFilePicker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.Stapler;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * The "System tests" build parameter: the tests of one build, chosen on Build with Parameters from a tree of the
 * job's last workspace and the test library, or given to {@code buildWithParameters} as repeated values
 * ({@code ?TESTS=a.py&TESTS=b.py}). Its value is one test per line, which the steps take as it is.
 */
public class TestsParameterDefinition extends ParameterDefinition {
    private static final long serialVersionUID = 1L;

    private String defaultTests = "";

    @DataBoundConstructor
    public TestsParameterDefinition(@NonNull String name) {
        super(name);
    }

    /** The tests chosen when the form opens and when a build starts without the parameter: one per line. */
    public String getDefaultTests() {
        return defaultTests;
    }

    @DataBoundSetter
    public void setDefaultTests(String defaultTests) {
        this.defaultTests = String.join("\n", TestSelection.lines(defaultTests));
    }

    @Override
    public ParameterDefinition copyWithDefaultValue(ParameterValue defaultValue) {
        if (!(defaultValue instanceof TestsParameterValue value)) {
            return this;
        }
        TestsParameterDefinition copy = new TestsParameterDefinition(getName());
        copy.setDescription(getDescription());
        copy.setDefaultTests(value.getValue());
        return copy;
    }

    @Override
    @CheckForNull
    public ParameterValue getDefaultParameterValue() {
        return new TestsParameterValue(getName(), TestSelection.lines(defaultTests), getDescription());
    }

    /** From the form: the checked boxes of the tree, one value or an array. */
    @Override
    public ParameterValue createValue(StaplerRequest2 req, JSONObject jo) {
        Object checked = jo.opt("tests");
        List<String> tests = new ArrayList<>();
        if (checked instanceof JSONArray array) {
            array.forEach(test -> tests.add(String.valueOf(test)));
        } else if (checked != null) {
            tests.add(String.valueOf(checked));
        }
        return valueOf(tests);
    }

    /** From {@code buildWithParameters}: every value of the parameter, each maybe several lines; none: the default. */
    @Override
    public ParameterValue createValue(StaplerRequest2 req) {
        String[] values = req.getParameterValues(getName());
        if (values == null) {
            return getDefaultParameterValue();
        }
        return valueOf(Arrays.stream(values).flatMap(value -> TestSelection.lines(value).stream()).toList());
    }

    /** From the CLI's {@code -p TESTS=...}: one test per line, or separated by commas. */
    @Override
    public ParameterValue createValue(CLICommand command, String value) {
        return valueOf(Arrays.stream(Objects.toString(value, "").split("[\\r\\n,]+")).toList());
    }

    @Override
    public boolean isValid(ParameterValue value) {
        if (!(value instanceof TestsParameterValue tests)) {
            return false;
        }
        try {
            TestSelection.check(tests.getTests(), library());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private TestsParameterValue valueOf(List<String> chosen) {
        try {
            return new TestsParameterValue(getName(), TestSelection.check(chosen, library()),
                    getDescription());
        } catch (IllegalArgumentException e) {
            throw new Failure(getName() + ": " + e.getMessage());
        }
    }

    /**
     * The tree's data for the form ({@code data-offer}): the tests of the job's last workspace and of the library, and
     * those checked at first, the tests the address names ({@code build?TESTS=...}, the library's Run) or else the
     * default.
     */
    public String getOfferJson() throws IOException, InterruptedException {
        StaplerRequest2 request = Stapler.getCurrentRequest2();
        Job<?, ?> job = request == null ? null : request.findAncestorObject(Job.class);
        String[] asked = request == null ? null : request.getParameterValues(getName());
        List<String> chosen = asked == null ? TestSelection.lines(defaultTests)
                : Arrays.stream(asked).flatMap(value -> TestSelection.lines(value).stream()).toList();
        TestFilePicker.Catalog catalog = TestFilePicker.of(job);
        // the default is offered too, checked or not, so that a choice from the address can add to it
        List<String> files = new ArrayList<>(catalog.files());
        List<String> library = new ArrayList<>(catalog.library());
        for (String test : TestSelection.lines(defaultTests)) {
            (test.startsWith(TestLibrary.PREFIX) ? library : files).add(test);
        }
        TestSelection.Offer offer = TestSelection.offer(files, library, chosen);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("workspace", offer.workspace());
        data.put("library", offer.library());
        data.put("selected", offer.selected());
        data.put("note", catalog.note());
        return Json.MAPPER.writeValueAsString(data);
    }

    /** A job's System tests parameter (its first), or null. */
    @CheckForNull
    public static TestsParameterDefinition in(Job<?, ?> job) {
        ParametersDefinitionProperty property = job.getProperty(ParametersDefinitionProperty.class);
        if (property == null) {
            return null;
        }
        return property.getParameterDefinitions().stream().filter(TestsParameterDefinition.class::isInstance)
                .map(TestsParameterDefinition.class::cast).findFirst().orElse(null);
    }

    private static TestLibrary library() {
        try {
            return SystemTestsService.get().library();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Extension
    @Symbol("systemTestFiles")
    public static class DescriptorImpl extends ParameterDescriptor {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.TestsParameterDefinition_displayName();
        }

        public FormValidation doCheckDefaultTests(@QueryParameter String value) {
            if (TestSelection.lines(value).isEmpty()) {
                return FormValidation.warning(Messages.TestsParameterDefinition_noDefault());
            }
            try {
                TestSelection.check(TestSelection.lines(value), library());
                return FormValidation.ok();
            } catch (IllegalArgumentException e) {
                return FormValidation.error(e.getMessage());
            }
        }
    }
}
