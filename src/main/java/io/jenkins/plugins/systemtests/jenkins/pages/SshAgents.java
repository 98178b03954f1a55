package io.jenkins.plugins.systemtests.jenkins.pages;

import hudson.model.Descriptor;
import hudson.plugins.sshslaves.SSHLauncher;
import hudson.plugins.sshslaves.verifiers.ManuallyTrustedKeyVerificationStrategy;
import hudson.slaves.DumbSlave;
import io.jenkins.plugins.systemtests.core.machines.NewTestMachine;
import java.io.IOException;
import jenkins.model.Jenkins;

/**
 * Adds a test machine as a permanent agent launched over SSH by the SSH Build Agents plugin (ssh-slaves), an optional
 * dependency: only this class names its types, so the rest of the plugin works without it.
 */
final class SshAgents {
    private SshAgents() {
    }

    static void add(NewTestMachine machine) throws IOException {
        try {
            addWithSshLauncher(machine);
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException("Install the SSH Build Agents plugin (ssh-slaves) to add test machines "
                    + "as SSH agents");
        }
    }

    private static void addWithSshLauncher(NewTestMachine machine) throws IOException {
        SSHLauncher launcher = new SSHLauncher(machine.host(), machine.port(), machine.credentialsId());
        // Trust the host key seen at the first connection and refuse a changed one afterwards.
        launcher.setSshHostKeyVerificationStrategy(new ManuallyTrustedKeyVerificationStrategy(false));
        DumbSlave agent;
        try {
            agent = new DumbSlave(machine.name(), machine.remoteRoot(), launcher);
        } catch (Descriptor.FormException e) {
            throw new IllegalStateException("The agent could not be made: " + e.getMessage());
        }
        agent.setNodeDescription("Test machine added from System Tests (" + machine.os() + ")");
        agent.setNumExecutors(machine.executors());
        agent.setLabelString(machine.labelString());
        Jenkins.get().addNode(agent);
    }
}
