package io.jenkins.plugins.systemtests.jenkins.steps;

import hudson.FilePath;
import hudson.model.AbstractProject;
import hudson.model.Item;
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
 * a Pipeline job has no single workspace) and the test library's files, for the form to offer as a multi-select.
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
        if (workspace != null && workspace.exists()) {
            String root = workspace.getRemote();
            for (FilePath file : workspace.list(TestFileCatalog.INCLUDES, TestFileCatalog.EXCLUDES)) {
                String remote = file.getRemote();
                found.add(remote.startsWith(root) ? remote.substring(root.length()).replaceFirst("^[/\\\\]", "") : remote);
            }
            note = "Test files in the workspace of the last build (" + root + ")";
        } else {
            note = item instanceof AbstractProject ? "No workspace yet: build the job once to choose from its files"
                    : "A Pipeline job has no single workspace: type the paths, or choose from the test library";
        }
        TestFileCatalog.Choices choices = TestFileCatalog.choose(found);
        return new Catalog(choices.files(), choices.truncated(), libraryReferences(), choices.truncated()
                ? note + "; only the first " + TestFileCatalog.MAX_CHOICES + " are listed" : note);
    }

    private static List<String> libraryReferences() throws IOException {
        List<String> references = new ArrayList<>();
        for (List<TestLibrary.Entry> entries : SystemTestsService.get().library().list().values()) {
            entries.forEach(entry -> references.add(entry.reference()));
        }
        return references;
    }
}
