package io.jenkins.plugins.systemtests.jenkins;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.util.FormValidation;
import io.jenkins.plugins.systemtests.core.config.Settings;
import io.jenkins.plugins.systemtests.core.machines.TestMachines;
import jenkins.model.GlobalConfiguration;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

/**
 * The "System Tests" section of Manage Jenkins → System, also settable from configuration-as-code:
 * <pre>
 * unclassified:
 *   systemTestsSettings:
 *     reportingEnabled: true
 *     silenceTimeoutMinutes: 60
 *     testMachineLabel: "system-tests"
 * </pre>
 */
@Extension
@Symbol("systemTestsSettings") // not "systemTests": declarative Pipeline would take the DSL call for this symbol
public class SystemTestsConfiguration extends GlobalConfiguration {
    public static final String DEFAULT_TEST_MACHINE_LABEL = "system-tests";
    private boolean reportingEnabled = Settings.DEFAULTS.reportingEnabled();
    private int silenceTimeoutMinutes = Settings.DEFAULTS.silenceTimeoutMinutes();
    private String testMachineLabel = DEFAULT_TEST_MACHINE_LABEL;

    @DataBoundConstructor
    public SystemTestsConfiguration() {
        load();
    }

    public static SystemTestsConfiguration get() {
        return ExtensionList.lookupSingleton(SystemTestsConfiguration.class);
    }

    public boolean isReportingEnabled() {
        return reportingEnabled;
    }

    @DataBoundSetter
    public void setReportingEnabled(boolean reportingEnabled) {
        this.reportingEnabled = reportingEnabled;
        save();
    }

    public int getSilenceTimeoutMinutes() {
        return silenceTimeoutMinutes;
    }

    @DataBoundSetter
    public void setSilenceTimeoutMinutes(int silenceTimeoutMinutes) {
        this.silenceTimeoutMinutes = Settings.validSilenceTimeout(silenceTimeoutMinutes);
        save();
    }

    /** Agents with this label are listed as test machines; the "Add a test machine" form gives it to new agents. */
    public String getTestMachineLabel() {
        return testMachineLabel == null ? DEFAULT_TEST_MACHINE_LABEL : testMachineLabel;
    }

    @DataBoundSetter
    public void setTestMachineLabel(String testMachineLabel) {
        this.testMachineLabel = TestMachines.checkLabel(testMachineLabel);
        save();
    }

    public FormValidation doCheckTestMachineLabel(@QueryParameter String value) {
        try {
            TestMachines.checkLabel(value);
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    /** The settings as the Jenkins-free core sees them. */
    public Settings toSettings() {
        return new Settings(reportingEnabled, silenceTimeoutMinutes);
    }

    public FormValidation doCheckSilenceTimeoutMinutes(@QueryParameter String value) {
        return Settings.parseSilenceTimeout(value).isPresent()
                ? FormValidation.ok()
                : FormValidation.error(Messages.silenceTimeoutMustBePositive());
    }
}
