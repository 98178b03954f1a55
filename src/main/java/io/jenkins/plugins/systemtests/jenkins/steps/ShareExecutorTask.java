package io.jenkins.plugins.systemtests.jenkins.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.FilePath;
import hudson.model.Computer;
import hudson.model.Executor;
import hudson.model.Job;
import hudson.model.Label;
import hudson.model.Node;
import hudson.model.Queue;
import hudson.model.Run;
import hudson.model.TopLevelItem;
import hudson.model.queue.SubTask;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import hudson.slaves.WorkspaceList;
import io.jenkins.plugins.systemtests.jenkins.Messages;
import java.util.concurrent.CountDownLatch;

/**
 * One environment's share asking Jenkins' queue for an executor on an agent with the step's label, as {@code
 * node('lab')} does: the queue picks the agent and shows the wait ("waiting for next available executor on lab"), and
 * the share then holds that executor, with a workspace leased on its agent, until it ends. A transient task: not kept
 * across a controller restart, when the share's runner goes on where it is, found again by its node and path.
 */
final class ShareExecutorTask implements Queue.TransientTask, AccessControlled {
    private final Run<?, ?> build;
    private final String environment;
    private final Label label;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile AgentReach place;
    private volatile String failure;

    ShareExecutorTask(Run<?, ?> build, String environment, Label label) {
        this.build = build;
        this.environment = environment;
        this.label = label;
    }

    /** Where the share runs, once an executor took it: the agent's name and the workspace leased there. */
    @CheckForNull
    AgentReach place() {
        return place;
    }

    /** Why the executor could not give the share a workspace, if it could not. */
    @CheckForNull
    String failure() {
        return failure;
    }

    /** The share ended: its executor and workspace are given back (or, still queued, the request is withdrawn). */
    void end() {
        ended.countDown();
        Queue.getInstance().cancel(this);
    }

    @Override
    public Label getAssignedLabel() {
        return label;
    }

    @Override
    public String getName() {
        return getDisplayName();
    }

    @Override
    public String getDisplayName() {
        return Messages.shareTaskName(build.getFullDisplayName(), environment);
    }

    @Override
    public String getFullDisplayName() {
        return getDisplayName();
    }

    @Override
    public String getUrl() {
        return build.getUrl();
    }

    /** The job, as for a Pipeline's {@code node} block: the executor's page links to it and its permissions apply. */
    @NonNull
    @Override
    public Queue.Task getOwnerTask() {
        return build.getParent() instanceof Queue.Task task ? task : this;
    }

    /** The build's: who may see the build sees its shares' waits in the queue (Jenkins lists only such tasks). */
    @NonNull
    @Override
    public ACL getACL() {
        return build.getACL();
    }

    @Override
    public boolean hasAbortPermission() {
        return build.hasPermission(hudson.model.Item.CANCEL);
    }

    @Override
    public void checkAbortPermission() {
        build.checkPermission(hudson.model.Item.CANCEL);
    }

    @Override
    public Queue.Executable createExecutable() {
        return new Holder();
    }

    /** Holds the executor while the share runs, with a workspace leased for it on the executor's agent. */
    private final class Holder implements Queue.Executable {
        @NonNull
        @Override
        public SubTask getParent() {
            return ShareExecutorTask.this;
        }

        @Override
        public void run() {
            Executor executor = Executor.currentExecutor();
            Computer computer = executor == null ? null : executor.getOwner();
            Node node = computer == null ? null : computer.getNode();
            FilePath root = node == null ? null : workspaceRoot(node, build.getParent());
            if (root == null) {
                failure = "no workspace on the agent " + (computer == null ? "" : computer.getName());
                return;
            }
            try (WorkspaceList.Lease lease = computer.getWorkspaceList().allocate(root)) {
                place = new AgentReach(computer.getName(), lease.path.getRemote());
                ended.await();
            } catch (InterruptedException e) {
                // The executor was stopped (from its agent's page, or its agent went away): the share's runner is
                // followed by its node and path, and found lost if that agent does not come back in time.
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public long getEstimatedDuration() {
            return -1;
        }

        @Override
        public String toString() {
            return ShareExecutorTask.this.getDisplayName();
        }
    }

    /** The job's workspace on the agent, as a build of the job would have it there. */
    @CheckForNull
    private static FilePath workspaceRoot(Node node, Job<?, ?> job) {
        if (job instanceof TopLevelItem item) {
            return node.getWorkspaceFor(item);
        }
        FilePath root = node.getRootPath();
        return root == null ? null : root.child("workspace").child(job.getFullName().replace('/', '_'));
    }
}
