package io.jenkins.plugins.systemtests.core.model;

import io.jenkins.plugins.systemtests.core.protocol.DryRun;
import java.util.Objects;

/**
 * A test's one identity across the builds of a job, whichever agent or workspace ran it: its folder relative to its
 * run's folder, and its file name. The run's folder is where the plan's master scenario is (its {@code file_path}), or
 * where the runner started for a plan of selected tests. A test in a folder beside the run's (the scenarios'
 * {@code ../test_cases}) is {@code ../test_cases/01_lamp}; a test elsewhere keeps its full folder. Relative, so that the
 * same test is the same test in {@code workspace/job} and in {@code workspace/job@2}, and on agents whose workspaces
 * differ.
 *
 * <p>Everything that follows a test from build to build names it so: the quarantine ({@link #name()}, as
 * {@code tests/test_login.py}; the runner's {@code quarantine_id} in {@code runner.py} follows the same rule), and the
 * job's history, whose stored plans keep {@link #key()}: past durations (the shared queue's order), a test's history
 * and flakiness score, the flakiest tests, and new versus known failures.
 *
 * @param folder   the folder relative to the run's, with {@code /} between names; empty for the run's folder itself
 * @param fileName the test's file name as its run reported it ({@code test_x.py}, or {@code test_x.py::test_y})
 */
public record TestId(String folder, String fileName) {
    /** Between folder and file name in a key: a file name may hold a {@code /} (a pytest parameter), never a NUL. */
    private static final char KEY_SEPARATOR = '\u0000';

    public TestId {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(fileName, "fileName");
    }

    /** A test as its run reported it (absolute folders, either separator), named relative to the run's folder. */
    public static TestId of(String runFolder, String filePath, String fileName) {
        String base = strip(runFolder == null ? "" : runFolder);
        String path = strip(filePath == null ? "" : filePath);
        String parent = parent(base);
        String relative;
        if (!base.isEmpty() && path.equals(base)) {
            relative = "";
        } else if (!base.isEmpty() && path.startsWith(base + "/")) {
            relative = path.substring(base.length() + 1);
        } else if (parent != null && path.startsWith(parent + "/")) {
            relative = "../" + path.substring(parent.length() + 1);
        } else {
            relative = path;
        }
        return new TestId(relative, fileName == null ? "" : fileName);
    }

    /** Test {@code index} of a run, relative to that run's folder. */
    public static TestId of(TestRun run, int index) {
        return of(runFolder(run.plan()), run.test(index).filePath(), run.test(index).fileName());
    }

    /** Where a run's tests are named from: its master scenario's folder (the runner's folder for selected tests). */
    public static String runFolder(DryRun plan) {
        return plan.masterScenario().filePath();
    }

    /** The name pages and the quarantine show: {@code tests/test_login.py}, or the file name in the run's folder. */
    public String name() {
        return folder.isEmpty() ? fileName : folder + "/" + fileName;
    }

    /** The test as the store's plans keep it (one string per test, in plan order). */
    public String key() {
        return folder + KEY_SEPARATOR + fileName;
    }

    /** A test from its {@link #key()}. */
    public static TestId ofKey(String key) {
        int cut = key.indexOf(KEY_SEPARATOR);
        return cut < 0 ? new TestId("", key) : new TestId(key.substring(0, cut), key.substring(cut + 1));
    }

    @Override
    public String toString() {
        return name();
    }

    /** The folder's parent, when it is not the root (a test anywhere below the root is not "beside" the run). */
    private static String parent(String folder) {
        int cut = folder.lastIndexOf('/');
        return cut > 0 && folder.indexOf('/', 1) < cut ? folder.substring(0, cut) : null;
    }

    private static String strip(String path) {
        String unified = path.replace('\\', '/');
        while (unified.length() > 1 && unified.endsWith("/")) {
            unified = unified.substring(0, unified.length() - 1);
        }
        return unified;
    }
}
