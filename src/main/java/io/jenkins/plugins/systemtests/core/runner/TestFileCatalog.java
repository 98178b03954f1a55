package io.jenkins.plugins.systemtests.core.runner;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The test files a form offers from a workspace: Python files, without packaging files, caches, virtual environments
 * and hidden folders; master scenarios first, then by path. Finding the files is the caller's (Ant patterns below).
 */
public final class TestFileCatalog {
    /** Ant patterns for listing candidates in a workspace. */
    public static final String INCLUDES = "**/*.py";
    public static final String EXCLUDES = "**/.*/**,**/__pycache__/**,**/venv/**,**/site-packages/**,"
            + "**/node_modules/**,**/build/lib/**";
    public static final int MAX_CHOICES = 500;
    private static final Set<String> NOT_TESTS = Set.of("__init__.py", "conftest.py", "setup.py", "__main__.py");

    private TestFileCatalog() {
    }

    /** The result: the offered paths (workspace-relative, {@code /}-separated) and whether some were left out. */
    public record Choices(List<String> files, boolean truncated) {
    }

    public static Choices choose(Collection<String> relativePaths) {
        List<String> files = new ArrayList<>();
        for (String path : relativePaths) {
            String normal = path.replace('\\', '/');
            while (normal.startsWith("./")) {
                normal = normal.substring(2);
            }
            if (isOffered(normal)) {
                files.add(normal);
            }
        }
        files.sort(Comparator.comparing((String p) -> !isMasterScenario(p)).thenComparing(p -> p.toLowerCase(Locale.ROOT))
                .thenComparing(p -> p));
        List<String> distinct = files.stream().distinct().toList();
        return distinct.size() > MAX_CHOICES ? new Choices(distinct.subList(0, MAX_CHOICES), true)
                : new Choices(distinct, false);
    }

    static boolean isOffered(String path) {
        if (!path.endsWith(".py") || path.startsWith("/") || path.isBlank()) {
            return false;
        }
        String[] parts = path.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            String dir = parts[i];
            if (dir.startsWith(".") || dir.equals("__pycache__") || dir.equals("venv") || dir.equals("site-packages")
                    || dir.equals("node_modules") || dir.equals("..")) {
                return false;
            }
        }
        return !NOT_TESTS.contains(parts[parts.length - 1]);
    }

    /** A master scenario, as the original plan names them: {@code scenario_master.py} or {@code *master*.py}. */
    static boolean isMasterScenario(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return name.contains("master");
    }
}
