package io.jenkins.plugins.systemtests.core.runner;

import io.jenkins.plugins.systemtests.core.library.TestLibrary;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The tests a user chooses for one build (a build parameter): what the form offers, and the check of what comes back.
 * The choice is kept as the steps take it, one test per line.
 */
public final class TestSelection {
    private TestSelection() {
    }

    /**
     * What the form's tree shows: the workspace's and the library's tests, each list completed with the chosen tests
     * it lacks (a default may name a directory or a glob, or a file the last workspace no longer has), and the chosen.
     */
    public record Offer(List<String> workspace, List<String> library, List<String> selected) {
        public Offer {
            workspace = List.copyOf(workspace);
            library = List.copyOf(library);
            selected = List.copyOf(selected);
        }
    }

    public static Offer offer(List<String> workspaceFiles, List<String> libraryReferences, Collection<String> chosen) {
        Set<String> workspace = new LinkedHashSet<>(workspaceFiles);
        Set<String> library = new LinkedHashSet<>(libraryReferences);
        List<String> selected = new ArrayList<>();
        for (String test : chosen) {
            String trimmed = test == null ? "" : test.trim();
            if (trimmed.isEmpty() || selected.contains(trimmed)) {
                continue;
            }
            selected.add(trimmed);
            (trimmed.startsWith(TestLibrary.PREFIX) ? library : workspace).add(trimmed);
        }
        return new Offer(new ArrayList<>(workspace), new ArrayList<>(library), selected);
    }

    /** The tests of a value: one a line, blank lines left out. */
    public static List<String> lines(String value) {
        return value == null ? List.of()
                : Arrays.stream(value.split("\\r?\\n")).map(String::trim).filter(line -> !line.isEmpty()).toList();
    }

    /**
     * Checks a choice: at least one test, each inside the workspace ({@link RunSettings#checkTests}) or a test the
     * library has.
     *
     * @return the tests, trimmed, each once, in the order given
     * @throws IllegalArgumentException with a message for the user
     */
    public static List<String> check(Collection<String> chosen, TestLibrary library) {
        List<String> tests = RunSettings.checkTests(new ArrayList<>(chosen)).stream().distinct().toList();
        for (String test : tests) {
            if (test.startsWith(TestLibrary.PREFIX)) {
                try {
                    library.resolve(test);
                } catch (RejectedException e) {
                    throw new IllegalArgumentException(test + ": " + e.getMessage(), e);
                }
            }
        }
        return tests;
    }
}
