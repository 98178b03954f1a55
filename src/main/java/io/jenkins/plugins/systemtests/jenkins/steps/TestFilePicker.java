package io.jenkins.plugins.systemtests.jenkins.steps;

import hudson.FilePath;
import hudson.model.AbstractProject;
import hudson.model.Item;
import hudson.model.Job;
import io.jenkins.plugins.systemtests.core.api.ApiResponse;
import io.jenkins.plugins.systemtests.core.library.TestLibrary;
import io.jenkins.plugins.systemtests.core.protocol.ErrorCode;
import io.jenkins.plugins.systemtests.core.runner.TestFileCatalog;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import io.jenkins.plugins.systemtests.jenkins.api.JsonResponses;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * Answers the tests field's "Find test files": the Python test files in the job's last workspace (freestyle jobs;
 * for a Pipeline job, which has no single workspace, those its last build that ran tests found, {@link
 * WorkspaceTestFiles}) and the test library's files, for the form to offer as a multi-select.
 */
public final class TestFilePicker {
    private TestFilePicker() {
    }

    /**
     * The tests a form can offer for a job: the catalog of its last workspace (when the user may see it) and the
     * library's references, with a note saying where they come from.
     */
    public record Catalog(List<String> files, boolean truncated, List<String> library, String note) {
    }

    static void answer(Item item, StaplerResponse2 rsp) throws IOException, InterruptedException {
        if (item == null || !item.hasPermission(Item.WORKSPACE)) {
            JsonResponses.write(rsp, ApiResponse.error(ErrorCode.FORBIDDEN,
                    "Listing the workspace needs the Job/Workspace permission on this job"));
            return;
        }
        Catalog catalog = of(item);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("files", catalog.files());
        body.put("truncated", catalog.truncated());
        body.put("library", catalog.library());
        body.put("note", catalog.note());
        JsonResponses.write(rsp, ApiResponse.of(200, body));
    }

    /**
     * The catalog of a job's tests. The workspace's files are listed only with the Job/Workspace permission; without
     * it, the library alone.
     */
    public static Catalog of(Item item) throws IOException, InterruptedException {
        if (item == null || !item.hasPermission(Item.WORKSPACE)) {
            return new Catalog(List.of(), false, libraryReferences(),
                    "Listing the workspace needs the Job/Workspace permission on this job");
        }
        List<String> found = new ArrayList<>();
        String note;
        FilePath workspace = item instanceof AbstractProject<?, ?> project ? project.getSomeWorkspace() : null;
        WorkspaceTestFiles.Found recorded = item instanceof AbstractProject || !(item instanceof Job<?, ?> job) ? null
                : WorkspaceTestFiles.newest(job);
        if (workspace != null && workspace.exists()) {
            found.addAll(list(workspace));
            note = "Test files in the workspace of the last build (" + workspace.getRemote() + ")";
        } else if (recorded != null) {
            found.addAll(recorded.files().getFiles());
            note = "Test files in the workspace of build " + recorded.build() + " as its tests started ("
                    + recorded.files().getWorkspace() + ")";
        } else {
            note = item instanceof AbstractProject ? "No workspace yet: build the job once to choose from its files"
                    : "No build of this Pipeline has run tests yet: build it once to choose from its workspace's "
                            + "files, or choose from the test library";
        }
        TestFileCatalog.Choices choices = TestFileCatalog.choose(found);
        boolean truncated = choices.truncated() || recorded != null && recorded.files().isTruncated();
        return new Catalog(choices.files(), truncated, libraryReferences(),
                truncated ? note + "; only the first " + TestFileCatalog.MAX_CHOICES + " are listed" : note);
    }

    /** The workspace's Python files, relative to it. */
    static List<String> list(FilePath workspace) throws IOException, InterruptedException {
        List<String> found = new ArrayList<>();
        String root = workspace.getRemote();
        for (FilePath file : workspace.list(TestFileCatalog.INCLUDES, TestFileCatalog.EXCLUDES)) {
            String remote = file.getRemote();
            found.add(remote.startsWith(root) ? remote.substring(root.length()).replaceFirst("^[/\\\\]", "") : remote);
        }
        return found;
    }

    private static List<String> libraryReferences() throws IOException {
        List<String> references = new ArrayList<>();
        for (List<TestLibrary.Entry> entries : SystemTestsService.get().library().list().values()) {
            entries.forEach(entry -> references.add(entry.reference()));
        }
        return references;
    }
}
