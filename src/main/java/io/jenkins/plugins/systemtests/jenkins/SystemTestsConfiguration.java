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
 *     agentReconnectTimeoutSeconds: 300
 *     testMachineLabel: "system-tests"
 *     keepRunsDays: 30
 *     keepRunsPerMachine: 200
 * </pre>
 */
@Extension
@Symbol("systemTestsSettings") // not "systemTests": declarative Pipeline would take the DSL call for this symbol
public class SystemTestsConfiguration extends GlobalConfiguration {
    public static final String DEFAULT_TEST_MACHINE_LABEL = "system-tests";
    /**
     * How long a build waits for its agent to come back, by default: durable-task's wait for a removed agent
     * ({@code ExecutorStepExecution.TIMEOUT_WAITING_FOR_NODE_MILLIS}, 5 minutes).
     */
    public static final int DEFAULT_AGENT_RECONNECT_TIMEOUT_SECONDS = 300;
    private boolean reportingEnabled = Settings.DEFAULTS.reportingEnabled();
    private int silenceTimeoutMinutes = Settings.DEFAULTS.silenceTimeoutMinutes();
    private String testMachineLabel = DEFAULT_TEST_MACHINE_LABEL;
    private Integer keepRunsDays;
    private Integer keepRunsPerMachine;
    private Integer agentReconnectTimeoutSeconds;

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

    /** How long a build waits for its agent to come back; null in settings saved before there was a wait. */
    public int getAgentReconnectTimeoutSeconds() {
        return agentReconnectTimeoutSeconds == null ? DEFAULT_AGENT_RECONNECT_TIMEOUT_SECONDS
                : agentReconnectTimeoutSeconds;
    }

    @DataBoundSetter
    public void setAgentReconnectTimeoutSeconds(int agentReconnectTimeoutSeconds) {
        if (agentReconnectTimeoutSeconds < 0) {
            throw new IllegalArgumentException("The wait for a disconnected agent must be 0 seconds or more, not "
                    + agentReconnectTimeoutSeconds);
        }
        this.agentReconnectTimeoutSeconds = agentReconnectTimeoutSeconds;
        save();
    }

    public FormValidation doCheckAgentReconnectTimeoutSeconds(@QueryParameter String value) {
        try {
            return Integer.parseInt(value == null ? "" : value.trim()) >= 0 ? FormValidation.ok()
                    : FormValidation.error(Messages.agentWaitMustBeZeroOrMore());
        } catch (NumberFormatException e) {
            return FormValidation.error(Messages.agentWaitMustBeZeroOrMore());
        }
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

    /** Days a finished run of no build is kept (0: no limit); null in settings saved before there was retention. */
    public int getKeepRunsDays() {
        return keepRunsDays == null ? Settings.DEFAULT_KEEP_RUNS_DAYS : keepRunsDays;
    }

    @DataBoundSetter
    public void setKeepRunsDays(int keepRunsDays) {
        this.keepRunsDays = Settings.validKeep(keepRunsDays, "days");
        save();
    }

    /** Finished runs of no build kept per machine, newest first (0: all). */
    public int getKeepRunsPerMachine() {
        return keepRunsPerMachine == null ? Settings.DEFAULT_KEEP_RUNS_PER_MACHINE : keepRunsPerMachine;
    }

    @DataBoundSetter
    public void setKeepRunsPerMachine(int keepRunsPerMachine) {
        this.keepRunsPerMachine = Settings.validKeep(keepRunsPerMachine, "runs per machine");
        save();
    }

    public FormValidation doCheckKeepRunsDays(@QueryParameter String value) {
        return checkKeep(value);
    }

    public FormValidation doCheckKeepRunsPerMachine(@QueryParameter String value) {
        return checkKeep(value);
    }

    private static FormValidation checkKeep(String value) {
        try {
            Settings.validKeep(Integer.parseInt(value == null ? "" : value.trim()), "");
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error(Messages.keepMustBeZeroOrMore());
        }
    }

    /** The settings as the Jenkins-free core sees them. */
    public Settings toSettings() {
        return new Settings(reportingEnabled, silenceTimeoutMinutes, getKeepRunsDays(), getKeepRunsPerMachine());
    }

    public FormValidation doCheckSilenceTimeoutMinutes(@QueryParameter String value) {
        return Settings.parseSilenceTimeout(value).isPresent()
                ? FormValidation.ok()
                : FormValidation.error(Messages.silenceTimeoutMustBePositive());
    }
}
