package io.jenkins.plugins.systemtests.core.flaky;

/**
 * The name a quarantine knows a test by: its path relative to the run's folder (the build's workspace, or the master
 * scenario's folder) and its file name, as {@code tests/test_login.py}; a test in a folder beside it (the scenarios'
 * {@code ../test_cases}) as {@code ../test_cases/01_lamp/test_lamp.py}; a test elsewhere keeps its full path. Relative,
 * so that the same test is the same test in {@code workspace/job} and in {@code workspace/job@2}, and on agents whose
 * workspaces differ. The runner names a test the same way ({@code quarantine_id} in {@code runner.py}).
 */
public final class TestId {
    private TestId() {
    }

    public static String of(String runFolder, String filePath, String fileName) {
        String folder = strip(runFolder == null ? "" : runFolder);
        String path = strip(filePath == null ? "" : filePath);
        String relative;
        if (!folder.isEmpty() && path.equals(folder)) {
            relative = "";
        } else if (!folder.isEmpty() && path.startsWith(folder + "/")) {
            relative = path.substring(folder.length() + 1);
        } else if (parent(folder) != null && path.startsWith(parent(folder) + "/")) {
            relative = "../" + path.substring(parent(folder).length() + 1);
        } else {
            relative = path;
        }
        return relative.isEmpty() ? fileName : relative + "/" + fileName;
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
