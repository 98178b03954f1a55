package io.jenkins.plugins.systemtests.jenkins.steps;

import hudson.AbortException;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.TaskListener;
import hudson.slaves.WorkspaceList;
import io.jenkins.plugins.systemtests.core.runner.BuildRun;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/** The build's agent as the core's run needs it: the plugin's folder beside the workspace, and the launcher. */
record JenkinsAgent(FilePath workspace, Launcher launcher, TaskListener listener) implements BuildRun.Agent {
    private FilePath folderPath() throws AbortException {
        FilePath tmp = WorkspaceList.tempDir(workspace);
        if (tmp == null) {
            throw new AbortException("System Tests: the workspace " + workspace.getRemote() + " has no temporary "
                    + "folder");
        }
        return tmp.child("system-tests");
    }

    @Override
    public String folder() {
        try {
            return folderPath().getRemote();
        } catch (AbortException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public void write(String name, InputStream content) throws IOException, InterruptedException {
        folderPath().child(name).copyFrom(content);
    }

    @Override
    public void launch(List<String> command, Map<String, String> environment)
            throws IOException, InterruptedException {
        int started = launcher.launch().cmds(command).envs(environment).pwd(workspace).quiet(true)
                .stdout(listener.getLogger()).join();
        if (started != 0) {
            throw new AbortException("System Tests: the runner could not be started (sh exited with " + started
                    + "); the agent needs a POSIX shell");
        }
    }

    @Override
    public byte[] read(String name, long offset, int max) throws IOException, InterruptedException {
        FilePath file = folderPath().child(name);
        if (!file.exists()) {
            return new byte[0];
        }
        try (InputStream in = file.readFromOffset(offset)) {
            return in.readNBytes(max);
        }
    }

    @Override
    public List<String> list(String name) throws IOException, InterruptedException {
        FilePath folder = folderPath().child(name);
        if (!folder.isDirectory()) {
            return List.of();
        }
        return folder.list().stream().map(FilePath::getName).toList();
    }

    @Override
    public void delete(String name) throws IOException, InterruptedException {
        FilePath file = folderPath().child(name);
        if (file.exists()) {
            file.deleteRecursive();
        }
    }

    @Override
    public int endProcesses(String variable, String value) throws IOException, InterruptedException {
        return RunProcesses.end(launcher, variable, value);
    }
}
