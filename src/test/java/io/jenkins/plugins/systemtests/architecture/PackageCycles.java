package io.jenkins.plugins.systemtests.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The plugin's packages and which of them each one imports from, read from the sources; and the cycles among them. */
final class PackageCycles {
    private static final String PLUGIN = "io.jenkins.plugins.systemtests.";
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+);");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import\\s+(?:static\\s+)?(" + Pattern.quote(PLUGIN)
            + "[\\w.]+)\\.[A-Z]\\w*(?:\\.\\w+|\\.\\*)*;");

    private PackageCycles() {
    }

    /** Package to the plugin packages it imports from (itself left out). */
    static Map<String, Set<String>> dependencies(Path sources) {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                Matcher pkg = PACKAGE.matcher(text);
                if (!pkg.find()) {
                    continue;
                }
                Set<String> uses = graph.computeIfAbsent(pkg.group(1), k -> new TreeSet<>());
                Matcher imported = IMPORT.matcher(text);
                while (imported.find()) {
                    if (!imported.group(1).equals(pkg.group(1))) {
                        uses.add(imported.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    /** Every package that can reach itself again, with the path that shows it. */
    static List<String> cycles(Map<String, Set<String>> graph) {
        List<String> found = new ArrayList<>();
        for (String start : graph.keySet()) {
            List<String> path = pathBack(graph, start, start, new ArrayList<>(List.of(start)), new TreeSet<>());
            if (path != null) {
                found.add(String.join(" -> ", path));
            }
        }
        return found;
    }

    private static List<String> pathBack(Map<String, Set<String>> graph, String target, String at, List<String> path,
            Set<String> seen) {
        for (String next : graph.getOrDefault(at, Set.of())) {
            if (next.equals(target)) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(next);
                return cycle;
            }
            if (seen.add(next)) {
                path.add(next);
                List<String> cycle = pathBack(graph, target, next, path, seen);
                if (cycle != null) {
                    return cycle;
                }
                path.remove(path.size() - 1);
            }
        }
        return null;
    }
}
