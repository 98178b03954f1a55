package io.jenkins.plugins.systemtests.jenkins.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.jenkins.plugins.systemtests.jenkins.StepParameters;
import java.util.Map;
import org.jenkinsci.plugins.workflow.cps.CpsScript;
import org.jenkinsci.plugins.workflow.cps.GlobalVariable;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The {@code systemTests} variable of Pipeline scripts: {@code systemTests(tests: [...], environment: '7')} runs
 * {@code runSystemTests} inside lockable-resources' {@code lock} on the environment's resource, so one call gives one
 * run per environment and a fair queue. Written in Groovy ({@code SystemTestsDsl.groovy}) because it composes
 * Pipeline steps.
 */
@Extension(optional = true)
public class SystemTestsVariable extends GlobalVariable {
    static final String DSL_CLASS = "io.jenkins.plugins.systemtests.jenkins.steps.SystemTestsDsl";
    /** The DSL's source, relative to this package; {@link SystemTestsDslAllowlist} lets Pipeline load it. */
    static final String DSL_SOURCE = "SystemTestsDsl.groovy";

    @NonNull
    @Override
    public String getName() {
        return "systemTests";
    }

    /**
     * The DSL's first check, before it waits, locks or runs anything: every key must be one {@code runSystemTests}
     * takes, or the DSL's own {@code waitTimeoutMinutes}.
     *
     * @return {@code systemTests: Unknown parameter 'enviroment'; did you mean 'environment'?}, or null
     */
    @Restricted(NoExternalUse.class)
    public static String unknownParameters(Map<String, ?> arguments) {
        return StepParameters.problem("systemTests", arguments,
                StepParameters.of(RunSystemTestsStep.class, "waitTimeoutMinutes")).orElse(null);
    }

    @NonNull
    @Override
    public Object getValue(@NonNull CpsScript script) throws Exception {
        // Loaded through the script's class loader so that the Groovy code is CPS-transformed and may call steps.
        return script.getClass().getClassLoader().loadClass(DSL_CLASS).getConstructor(CpsScript.class).newInstance(script);
    }
}
