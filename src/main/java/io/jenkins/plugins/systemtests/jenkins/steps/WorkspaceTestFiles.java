package io.jenkins.plugins.systemtests.jenkins.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.FilePath;
import hudson.model.InvisibleAction;
import hudson.model.Job;
import hudson.model.Run;
import io.jenkins.plugins.systemtests.core.runner.TestFileCatalog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The test files a Pipeline build's workspace held when its tests started, kept with the build: a Pipeline job has
 * no single workspace to list when a form opens (a freestyle job's is listed then), so the System tests parameter's
 * tree offers those of its last build that ran tests.
 */
public final class WorkspaceTestFiles extends InvisibleAction {
    /** How many builds back a form looks for the files: a job whose last builds ran no tests offers none. */
    private static final int BUILDS_TO_LOOK_AT = 10;

    private final List<String> files;
    private final boolean truncated;
    private final String workspace;

    private WorkspaceTestFiles(List<String> files, boolean truncated, String workspace) {
        this.files = new ArrayList<>(files);
        this.truncated = truncated;
        this.workspace = workspace;
    }

    public List<String> getFiles() {
        return List.copyOf(files);
    }

    public boolean isTruncated() {
        return truncated;
    }

    public String getWorkspace() {
        return workspace;
    }

    /** Lists the workspace's test files and keeps them with the build, in place of any earlier list of it. */
    static void record(Run<?, ?> build, FilePath workspace) throws IOException, InterruptedException {
        TestFileCatalog.Choices choices = TestFileCatalog.choose(TestFilePicker.list(workspace));
        build.replaceAction(new WorkspaceTestFiles(choices.files(), choices.truncated(), workspace.getRemote()));
    }

    /** The files of the job's newest build (of the last few) that ran tests, or null. */
    @CheckForNull
    static Found newest(Job<?, ?> job) {
        int looked = 0;
        for (Run<?, ?> build = job.getLastBuild(); build != null && looked < BUILDS_TO_LOOK_AT;
                build = build.getPreviousBuild(), looked++) {
            WorkspaceTestFiles files = build.getAction(WorkspaceTestFiles.class);
            if (files != null) {
                return new Found(files, build.getDisplayName());
            }
        }
        return null;
    }

    record Found(WorkspaceTestFiles files, String build) {
    }
}
