package io.jenkins.plugins.systemtests.core.flaky;

/**
 * The name a quarantine knows a test by: its path relative to the run's folder (a build's workspace) and its file
 * name, as {@code tests/test_login.py}; a test outside that folder keeps its full path. Relative, so that the same test
 * is the same test in {@code workspace/job} and in {@code workspace/job@2}, and on agents whose workspaces differ.
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
        } else {
            relative = path;
        }
        return relative.isEmpty() ? fileName : relative + "/" + fileName;
    }

    private static String strip(String path) {
        String unified = path.replace('\\', '/');
        while (unified.length() > 1 && unified.endsWith("/")) {
            unified = unified.substring(0, unified.length() - 1);
        }
        return unified;
    }
}
