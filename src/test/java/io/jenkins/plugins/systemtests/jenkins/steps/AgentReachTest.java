package io.jenkins.plugins.systemtests.jenkins.steps;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.AbortException;
import hudson.remoting.ChannelClosedException;
import hudson.remoting.RequestAbortedException;
import java.io.EOFException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Which failures of a poll are the agent's connection breaking, which the build then waits out, and which are the
 * run's own. Exceptions as remoting throws them when an SSH agent's process is killed (SshAgentEndToEndTest).
 */
class AgentReachTest {
    private final AgentReach reach = new AgentReach("lab-1", "/lab/workspace/job");

    @Test
    void a_call_cut_off_as_the_connection_broke_is_lost_contact_though_remoting_throws_it_unchecked() throws Exception {
        // What FilePath.exists threw when lab-1's remoting JVM was SIGKILLed during the read.
        RuntimeException cutOff = new RequestAbortedException(
                new IOException("Unexpected termination of the channel", new EOFException()));

        assertThat(reach.isLostContact(cutOff)).isTrue();
    }

    @Test
    void a_call_on_a_closed_connection_is_lost_contact() throws Exception {
        assertThat(reach.isLostContact(new IOException("Remote call on lab-1 failed",
                new ChannelClosedException((hudson.remoting.Channel) null, "closed", null)))).isTrue();
    }

    @Test
    void the_runs_own_end_and_a_bug_are_not() throws Exception {
        assertThat(reach.isLostContact(new AbortException("System Tests failed the build: 2 failed"))).isFalse();
        assertThat(reach.isLostContact(new IllegalStateException("a bug in the plugin"))).isFalse();
    }
}
