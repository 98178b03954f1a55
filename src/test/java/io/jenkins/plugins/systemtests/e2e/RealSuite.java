package io.jenkins.plugins.systemtests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * One of the real open-source pytest suites vendored in src/test/real-suites (its README says where each comes from
 * and why it was chosen): its folder, the test targets a user would give pytest there, and how many tests it has
 * at least (so that a suite silently collecting nothing cannot pass for agreement).
 */
record RealSuite(String name, List<String> targets, int atLeast) {
    static final Path ROOT = RealJenkins.BASEDIR.resolve("src/test/real-suites");

    /** Parametrize, conftest fixtures, xfails and an XPASS; a test needing the project's root as working directory. */
    static final RealSuite SQLPARSE = new RealSuite("sqlparse", List.of("tests"), 500);
    /** A test package nested in the package under test, 26 skips, unittest classes. */
    static final RealSuite PYFLAKES = new RealSuite("pyflakes", List.of("pyflakes/test"), 700);
    /** Tests opening files by paths relative to the working directory; one genuine failure on Linux. */
    static final RealSuite POLIB = new RealSuite("polib", List.of("tests/tests.py"), 80);
    static final List<RealSuite> ALL = List.of(SQLPARSE, PYFLAKES, POLIB);

    Path source() {
        return ROOT.resolve(name);
    }

    @Override
    public String toString() {
        return name + " " + String.join(" ", targets);
    }

    /**
     * A copy of the suite in {@code parent}/name (so that pytest's caches and byte code stay out of the source tree),
     * fresh each time.
     */
    Path copyInto(Path parent) throws Exception {
        Path copy = parent.resolve(name);
        deleteTree(copy);
        try (Stream<Path> files = Files.walk(source())) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(source().relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return copy;
    }

    /** The pytest command a user runs in the suite's folder: {@code python -m pytest <targets>}, plus {@code extra}. */
    List<String> pytestCommand(String python, String... extra) {
        List<String> command = new ArrayList<>(List.of(python, "-m", "pytest"));
        command.addAll(List.of(extra));
        command.addAll(targets);
        return command;
    }

    /** The reference: {@code python -m pytest --junitxml} in a fresh copy under {@code parent}, its outcome per test. */
    Map<String, String> pytestOutcomes(String python, Path parent) throws Exception {
        Path folder = copyInto(Files.createDirectories(parent));
        Path xml = parent.resolve(name + "-pytest.xml");
        String output = run(pytestCommand(python, "--junitxml=" + xml), folder, Duration.ofMinutes(3));
        assertThat(xml).as("pytest's junitxml; pytest said:\n" + output).isRegularFile();
        return outcomes(xml);
    }

    /**
     * The Pipeline a user writes for this suite: the suite in the workspace (copied from the source tree), then, in
     * its folder, {@code systemTests} over its targets with this Python and {@code junit} on the plugin's XML.
     */
    String pipeline(String python) {
        return """
                node {
                  sh "rm -rf '%1$s' && cp -R '%2$s' '%1$s'"
                  dir('%1$s') {
                    def summary = systemTests tests: [%3$s], python: '%4$s'
                    echo "systemTests: passed=${summary.passed} failed=${summary.failed} total=${summary.total}"
                    junit 'system-tests-results.xml'
                  }
                }
                """.formatted(name, source(), targets.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", ")),
                python);
    }

    /** A JUnit XML file's tests as classname::name to passed, failed, error or skipped (xfail included). */
    static Map<String, String> outcomes(Path xml) throws Exception {
        NodeList cases = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile())
                .getElementsByTagName("testcase");
        Map<String, String> outcomes = new LinkedHashMap<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element test = (Element) cases.item(i);
            String outcome = "passed";
            for (Node child = test.getFirstChild(); child != null; child = child.getNextSibling()) {
                if (child instanceof Element element && List.of("failure", "error", "skipped").contains(element.getTagName())) {
                    outcome = element.getTagName().equals("failure") ? "failed" : element.getTagName();
                    break;
                }
            }
            String key = test.getAttribute("classname") + "::" + test.getAttribute("name");
            assertThat(outcomes.put(key, outcome)).as("a second test " + key + " in " + xml).isNull();
        }
        return outcomes;
    }

    /** Runs {@code command} in {@code folder} and returns its output, once it ended within the time given. */
    static String run(List<String> command, Path folder, Duration timeout) throws Exception {
        Path output = Files.createTempFile(folder.getParent(), "output", ".txt");
        Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(command + " did not end within " + timeout + ":\n" + Files.readString(output));
        }
        return Files.readString(output);
    }

    static void deleteTree(Path root) throws Exception {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
