package io.jenkins.plugins.systemtests.jenkins.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Computer;
import hudson.model.Node;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import java.io.EOFException;
import java.io.IOException;
import java.io.Serializable;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * The build's workspace named by its agent and its path, so it can be found again after the agent's connection broke
 * and came back (a {@link FilePath} is bound to one connection, and dies with it). What durable-task's {@code sh} does
 * with its node name and remote path. A plain class, not a record: Pipeline saves it with the build's program, and
 * its serialization reaches records only through public getters.
 */
final class AgentReach implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(AgentReach.class.getName());

    private final String node;
    private final String remote;

    AgentReach(String node, String remote) {
        this.node = node;
        this.remote = remote;
    }

    static AgentReach of(FilePath workspace) {
        Computer computer = workspace.toComputer();
        return new AgentReach(computer == null ? "" : computer.getName(), workspace.getRemote());
    }

    /** The workspace's path on its agent. */
    String remote() {
        return remote;
    }

    /** The agent's name for people: the built-in node has none. */
    String displayName() {
        return node.isEmpty() ? "the built-in node" : node;
    }

    /** The workspace on a connected agent, or null while the agent is offline, or gone. */
    @CheckForNull
    FilePath workspace() {
        Node found = found();
        if (found == null) {
            return null;
        }
        Computer computer = found.toComputer();
        VirtualChannel channel = found.getChannel();
        if (computer == null || computer.isOffline() || channel == null) {
            return null;
        }
        return new FilePath(channel, remote);
    }

    /** A launcher on the agent, or null while it is offline. */
    @CheckForNull
    Launcher launcher(TaskListener listener) {
        Node found = found();
        return found == null || found.getChannel() == null ? null : found.createLauncher(listener);
    }

    /**
     * The step's workspace while its agent is online (the context hands one out even through a broken connection),
     * else the one {@code known} finds again by name and path; null while neither is reachable.
     */
    @CheckForNull
    static FilePath reachableWorkspace(@CheckForNull FilePath fromContext, @CheckForNull AgentReach known) {
        Computer computer = fromContext == null ? null : fromContext.toComputer();
        if (computer != null && computer.isOnline()) {
            return fromContext;
        }
        return known == null ? null : known.workspace();
    }

    /** The build's launcher from the step's context, else one on the agent {@code known} names; null if neither. */
    @CheckForNull
    static Launcher reachableLauncher(StepContext context, @CheckForNull AgentReach known, TaskListener listener) {
        try {
            Launcher launcher = context.get(Launcher.class);
            if (launcher != null) {
                return launcher;
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            LOGGER.log(Level.FINE, "the build's launcher is out of reach", e);
        }
        return known == null ? null : known.launcher(listener);
    }

    @CheckForNull
    private Node found() {
        Jenkins jenkins = Jenkins.getInstanceOrNull();
        if (jenkins == null) {
            return null;
        }
        return node.isEmpty() ? jenkins : jenkins.getNode(node);
    }

    /**
     * How long an agent is watched for its connection ending after an I/O error that does not say so itself: the
     * connection's transport (an SSH channel) may fail a call just before remoting sees the connection end.
     */
    private static final long CLOSING_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);

    /**
     * Whether a failure is the agent's connection breaking (rather than something wrong with the run): the channel
     * closed or a call on it cut off, or, after another I/O error, the connection found ending within a few seconds.
     */
    boolean isLostContact(Throwable failure) throws InterruptedException {
        if (failure instanceof hudson.AbortException) {
            return false; // the run's own end: a verdict, a refusal
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof hudson.remoting.ChannelClosedException || cause instanceof ClosedChannelException
                    || cause instanceof hudson.remoting.RequestAbortedException || cause instanceof EOFException
                    || cause.getClass().getSimpleName().equals("AgentOfflineException")) {
                return true;
            }
        }
        if (!(failure instanceof IOException)) {
            return false;
        }
        // E.g. "SSH channel is closed" from the SSH launcher's transport, seen when the agent's process was killed
        // during a read: remoting marks the connection closed a moment later.
        long deadline = System.nanoTime() + CLOSING_GRACE_NANOS;
        while (!connectionEnding()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    /** Whether the agent is gone, offline, or its connection is closing. */
    private boolean connectionEnding() {
        if (workspace() == null) {
            return true;
        }
        Node found = found();
        VirtualChannel channel = found == null ? null : found.getChannel();
        return channel == null || channel instanceof hudson.remoting.Channel remoting && remoting.isClosingOrClosed();
    }
}
