package io.jenkins.plugins.systemtests.jenkins.steps;

import hudson.Launcher;
import hudson.model.AbstractBuild;
import hudson.model.BuildListener;
import hudson.model.BuildableItemWithBuildWrappers;
import hudson.model.Node;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildWrapper;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A freestyle build's launcher moved to its agent's new connection. Jenkins core gives a freestyle build one launcher,
 * bound to the connection the build started on, and uses it for the steps after ours, the publishers and its last
 * clean-up (ending the build's leftover processes): after the agent reconnected, each of those calls goes through the
 * closed connection and fails the build, though every test was read. Core has no way to hand it a new launcher, so this
 * sets the build execution's {@code launcher} field to one made as core makes it (the node's launcher, decorated by the
 * job's build wrappers). Only ever done after a reconnect; should core's fields change, the build keeps its old
 * launcher and the log says what may follow.
 */
final class FreestyleLauncher {
    private static final Logger LOGGER = Logger.getLogger(FreestyleLauncher.class.getName());

    private FreestyleLauncher() {
    }

    /**
     * Gives the running freestyle build a launcher on its node's current connection; returns whether it could (false
     * for a build of another kind, or when core's execution has no such field).
     */
    static boolean moveToCurrentConnection(Run<?, ?> build, TaskListener listener) {
        if (!(build instanceof AbstractBuild<?, ?> freestyle)) {
            return false;
        }
        Node node = freestyle.getBuiltOn();
        if (node == null || node.getChannel() == null) {
            return false;
        }
        try {
            Object execution = field(Run.class, "runner").get(freestyle);
            if (!(execution instanceof AbstractBuild<?, ?>.AbstractBuildExecution buildExecution)) {
                return false;
            }
            Launcher launcher = node.createLauncher(listener);
            if (freestyle.getProject() instanceof BuildableItemWithBuildWrappers wrapped
                    && listener instanceof BuildListener buildListener) {
                for (BuildWrapper wrapper : wrapped.getBuildWrappersList()) {
                    launcher = wrapper.decorateLauncher(freestyle, launcher, buildListener);
                }
            }
            field(AbstractBuild.AbstractBuildExecution.class, "launcher").set(buildExecution, launcher);
            return true;
        } catch (ReflectiveOperationException | RuntimeException | IOException e) {
            LOGGER.log(Level.WARNING, "Could not move " + build.getExternalizableId() + " to its agent's new connection",
                    e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Field field(Class<?> owner, String name) throws NoSuchFieldException {
        Field field = owner.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }
}
