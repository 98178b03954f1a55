package io.jenkins.plugins.systemtests.jenkins.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Label;
import hudson.model.Queue;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import jenkins.model.Jenkins;

/**
 * Where a shared queue's shares run with {@code agentLabel}: each on an agent with the label, in a workspace leased
 * there while its executor is held ({@link ShareExecutorTask}). Each place is kept as its node's name and path, so a
 * share's runner is found again after its agent's connection broke, and after a controller restart; the executors
 * asked for are not kept (a restart gives them back, and the runners go on where they are).
 */
final class ShareAgents implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String label;
    private final Map<String, AgentReach> placed = new HashMap<>();
    private transient Map<String, ShareExecutorTask> asked;
    /** What Jenkins' queue last said of each share's wait, to say it again only when it changes. */
    private transient Map<String, String> saidWhy;

    ShareAgents(String label) {
        this.label = label;
    }

    /** Refuses a label expression Jenkins cannot read, naming the parameter. */
    static String checked(String who, String label) throws AbortException {
        try {
            Label.parseExpression(label);
            return label;
        } catch (IllegalArgumentException e) {
            throw new AbortException(who + ": agentLabel '" + label + "' is not a label expression: " + e.getMessage());
        }
    }

    String label() {
        return label;
    }

    private synchronized Map<String, ShareExecutorTask> asked() {
        if (asked == null) {
            asked = new HashMap<>();
        }
        return asked;
    }

    /**
     * True once the environment's share has an agent and a workspace; asks Jenkins' queue for an executor the first
     * time, and waits for it without holding anyone else up.
     */
    synchronized boolean place(String environment, Run<?, ?> build, TaskListener listener) throws AbortException {
        if (placed.containsKey(environment)) {
            return true;
        }
        ShareExecutorTask task = asked().get(environment);
        if (task == null) {
            task = new ShareExecutorTask(build, environment, Jenkins.get().getLabel(label));
            asked().put(environment, task);
            Queue.getInstance().schedule2(task, 0);
            listener.getLogger().println("System Tests: environment " + environment + " is held; its share waits for "
                    + "an executor on an agent labelled '" + label + "'");
            return false;
        }
        if (task.failure() != null) {
            asked().remove(environment);
            task.end();
            throw new AbortException("System Tests: environment " + environment + "'s share could not start: "
                    + task.failure());
        }
        AgentReach place = task.place();
        if (place == null) {
            sayWhy(environment, task, listener);
            return false;
        }
        placed.put(environment, place);
        listener.getLogger().println("System Tests: environment " + environment + "'s share runs on "
                + place.displayName() + " in " + place.remote());
        return true;
    }

    /**
     * Why the share still waits, in the queue's own words ("Waiting for next available executor on 'lab'", "There are
     * no nodes with the label 'lab'"), said again only when it changes: a label no agent has, or agents all busy (the
     * build's own node among them), is then plain in the build's log.
     */
    private void sayWhy(String environment, ShareExecutorTask task, TaskListener listener) {
        Queue.Item item = Queue.getInstance().getItem(task);
        String why = item == null ? null : item.getWhy();
        if (saidWhy == null) {
            saidWhy = new HashMap<>();
        }
        if (why != null && !why.equals(saidWhy.get(environment))) {
            saidWhy.put(environment, why);
            listener.getLogger().println("System Tests: environment " + environment + "'s share waits: " + why);
        }
    }

    /** The share's workspace on its agent, or null while the agent cannot be reached (or before it has one). */
    @CheckForNull
    synchronized FilePath workspace(String environment) {
        AgentReach place = placed.get(environment);
        return place == null ? null : place.workspace();
    }

    @CheckForNull
    synchronized Launcher launcher(String environment, TaskListener listener) {
        AgentReach place = placed.get(environment);
        return place == null ? null : place.launcher(listener);
    }

    /** Where the share runs, once placed. */
    @CheckForNull
    synchronized AgentReach reach(String environment) {
        return placed.get(environment);
    }

    /** The agent the share runs on, for the run's origin and the tests' NODE_NAME. */
    synchronized String nodeName(String environment) {
        AgentReach place = placed.get(environment);
        return place == null ? "" : place.displayName();
    }

    /**
     * The share ended: its executor and workspace lease are given back. Its place is still known, so what its runner
     * left there (its JUnit part, a runner left on an agent that was out of reach) can still be read and ended.
     */
    synchronized void release(String environment) {
        ShareExecutorTask task = asked().remove(environment);
        if (task != null) {
            task.end();
        }
    }
}
