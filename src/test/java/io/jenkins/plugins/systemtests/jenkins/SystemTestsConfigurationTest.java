package io.jenkins.plugins.systemtests.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import org.jenkinsci.plugins.structs.SymbolLookup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/** Manage Jenkins → System → System Tests: saved through the form, kept across a restart, named for JCasC. */
class SystemTestsConfigurationTest {
    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @Test
    void settings_survive_the_form_and_a_restart() throws Throwable {
        sessions.then(j -> {
            SystemTestsConfiguration configuration = SystemTestsConfiguration.get();
            configuration.setReportingEnabled(false);
            configuration.setSilenceTimeoutMinutes(45);
            configuration.setTestMachineLabel("lab-rig");
            configuration.setKeepRunsDays(7);
            configuration.setKeepRunsPerMachine(0);

            j.configRoundtrip();

            assertThat(configuration.isReportingEnabled()).isFalse();
            assertThat(configuration.getSilenceTimeoutMinutes()).isEqualTo(45);
            assertThat(configuration.getTestMachineLabel()).isEqualTo("lab-rig");
            assertThat(configuration.toSettings().keepRunsDays()).isEqualTo(7);
            assertThat(configuration.toSettings().keepRunsPerMachine()).isZero();
        });
        sessions.then(j -> {
            SystemTestsConfiguration configuration = SystemTestsConfiguration.get();
            assertThat(configuration.isReportingEnabled()).isFalse();
            assertThat(configuration.getSilenceTimeoutMinutes()).isEqualTo(45);
            assertThat(configuration.getTestMachineLabel()).isEqualTo("lab-rig");
            assertThat(configuration.getKeepRunsDays()).isEqualTo(7);
            assertThat(configuration.getKeepRunsPerMachine()).isZero();
        });
    }

    @Test
    void retention_defaults_to_30_days_and_200_runs_per_machine_and_refuses_a_negative_number() throws Throwable {
        sessions.then(j -> {
            SystemTestsConfiguration configuration = SystemTestsConfiguration.get();
            assertThat(configuration.getKeepRunsDays()).isEqualTo(30);
            assertThat(configuration.getKeepRunsPerMachine()).isEqualTo(200);
            assertThat(configuration.doCheckKeepRunsDays("-1").kind).isEqualTo(hudson.util.FormValidation.Kind.ERROR);
            assertThat(configuration.doCheckKeepRunsPerMachine("0").kind).isEqualTo(hudson.util.FormValidation.Kind.OK);
        });
    }

    @Test
    void configuration_as_code_finds_it_by_its_symbol() throws Throwable {
        sessions.then(j -> assertThat(SymbolLookup.get().findDescriptor(hudson.model.Descriptor.class,
                "systemTestsSettings")).isSameAs(SystemTestsConfiguration.get()));
    }
}
