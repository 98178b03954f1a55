package io.jenkins.plugins.systemtests.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Opens the built {@code target/system-tests.hpi} (maven-hpi-plugin's standard layout) and checks it is what Jenkins
 * 2.516.3 expects to load, with this plugin's own files in it.
 */
class HpiPackagingTest {
    private static final Path BASEDIR = Path.of(System.getProperty("project.basedir", "."));
    private static final Path HPI = Path.of(System.getProperty("hpi.file", "target/system-tests.hpi"));
    private static final String INNER_JAR = "WEB-INF/lib/system-tests.jar";

    private static Manifest hpiManifest;
    private static Manifest jarManifest;
    private static Map<String, byte[]> jarEntries;
    private static Set<String> hpiEntryNames;

    @BeforeAll
    static void open() throws IOException {
        assertThat(HPI).as("the .hpi is built before the packaging tests").isRegularFile();
        try (ZipFile zip = new ZipFile(HPI.toFile())) {
            hpiEntryNames = zip.stream().map(ZipEntry::getName).collect(Collectors.toCollection(TreeSet::new));
            try (InputStream in = zip.getInputStream(zip.getEntry("META-INF/MANIFEST.MF"))) {
                hpiManifest = new Manifest(in);
            }
            ZipEntry jar = zip.getEntry(INNER_JAR);
            assertThat(jar).as(INNER_JAR).isNotNull();
            jarEntries = new HashMap<>();
            try (JarInputStream in = new JarInputStream(zip.getInputStream(jar))) {
                jarManifest = in.getManifest();
                for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    jarEntries.put(e.getName(), in.readAllBytes());
                }
            }
        }
    }

    @Test
    void the_hpi_manifest_names_the_plugin_its_jenkins_and_its_dependencies() {
        Attributes main = hpiManifest.getMainAttributes();
        assertThat(main.getValue("Short-Name")).isEqualTo("system-tests");
        assertThat(main.getValue("Long-Name")).isEqualTo("System Tests");
        assertThat(main.getValue("Plugin-Version")).isNotBlank();
        // Java 17 is implied by Jenkins 2.516.3; maven-hpi-plugin no longer writes Minimum-Java-Version.
        assertThat(main.getValue("Jenkins-Version")).isEqualTo("2.516.3");
        assertThat(main.getValue("Url")).startsWith("https://");
        assertThat(main.getValue("Plugin-License-Name")).isEqualTo("MIT License");
        assertThat(dependencies(main.getValue("Plugin-Dependencies"))).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("workflow-step-api", "710.v3e456cc85233"),
                Map.entry("lockable-resources", "1412.v3f305a_fb_a_117"),
                Map.entry("credentials", "1447.v4cb_b_539b_5321"),
                Map.entry("plain-credentials", "199.v9f8e1f741799"),
                Map.entry("jackson2-api", "2.20.0-411.v6ef8fdee4fe9"),
                Map.entry("structs", "353.v261ea_40a_80fb_"),
                Map.entry("workflow-cps", "4209.v83c4e257f1e9;resolution:=optional"),
                Map.entry("workflow-job", "1549.vc8d7f497b_22f;resolution:=optional"),
                Map.entry("workflow-durable-task-step", "1464.v2d3f5c68f84c;resolution:=optional"),
                Map.entry("ssh-slaves", "3.1071.v0d059c7b_c555;resolution:=optional"),
                Map.entry("echarts-api", "6.0.0-1165.vd1283a_3e37d4")));
    }

    @Test
    void the_inner_jar_manifest_also_carries_short_name_and_plugin_version() {
        // Without these Jenkins refuses to save objects of the plugin's classes.
        assertThat(jarManifest).isNotNull();
        assertThat(jarManifest.getMainAttributes().getValue("Short-Name")).isEqualTo("system-tests");
        assertThat(jarManifest.getMainAttributes().getValue("Plugin-Version"))
                .isEqualTo(hpiManifest.getMainAttributes().getValue("Plugin-Version"));
    }

    @Test
    void only_the_plugins_own_classes_ship() {
        assertThat(jarEntries.keySet()).allMatch(name -> !name.endsWith(".class")
                || name.startsWith("io/jenkins/plugins/systemtests/"), "only the plugin's own package is compiled in");
        assertThat(jarEntries.keySet()).noneMatch(name -> name.contains("__pycache__/") || name.endsWith(".pyc"));
    }

    @Test
    void libraries_that_jenkins_provides_are_not_bundled() {
        List<String> libs = hpiEntryNames.stream().filter(n -> n.startsWith("WEB-INF/lib/") && !n.endsWith("/")).toList();
        assertThat(libs).containsExactly(INNER_JAR);
    }

    @Test
    void every_extension_class_is_in_the_sezpoz_index() throws Exception {
        Set<String> annotated = classesAnnotatedWith("Lhudson/Extension;");
        assertThat(annotated).contains(
                "io.jenkins.plugins.systemtests.jenkins.pages.SystemTestsRootAction",
                "io.jenkins.plugins.systemtests.jenkins.SystemTestsConfiguration");
        assertThat(sezpozIndex("META-INF/annotations/hudson.Extension")).containsExactlyInAnyOrderElementsOf(annotated);
    }

    @Test
    void every_symbol_class_is_in_the_structs_symbol_index() {
        Set<String> annotated = classesAnnotatedWith("Lorg/jenkinsci/Symbol;");
        assertThat(annotated).contains("io.jenkins.plugins.systemtests.jenkins.SystemTestsConfiguration");
        assertThat(annotationIndex("org.jenkinsci.Symbol")).containsExactlyInAnyOrderElementsOf(annotated);
    }

    @Test
    void every_class_with_an_initializer_is_in_the_initializer_index() {
        Set<String> annotated = classesAnnotatedWith("Lhudson/init/Initializer;");
        assertThat(annotated).contains("io.jenkins.plugins.systemtests.jenkins.SystemTestsPermissions");
        assertThat(annotationIndex("hudson.init.Initializer")).containsExactlyInAnyOrderElementsOf(annotated);
    }

    /** An annotation-indexer index, written by its annotation processor: one class name a line. */
    private static Set<String> annotationIndex(String annotation) {
        byte[] index = jarEntries.get("META-INF/services/annotations/" + annotation);
        assertThat(index).as("the index of @" + annotation).isNotNull();
        return new String(index, StandardCharsets.UTF_8).lines().map(String::trim)
                .filter(l -> !l.isEmpty()).collect(Collectors.toSet());
    }

    @Test
    void classes_are_compiled_with_parameter_names_for_stapler() {
        byte[] configuration = jarEntries.get("io/jenkins/plugins/systemtests/jenkins/SystemTestsConfiguration.class");
        assertThat(configuration).isNotNull();
        assertThat(contains(configuration, "MethodParameters")).isTrue();
    }

    @Test
    void views_and_static_files_are_packaged() {
        assertThat(jarEntries).containsKeys(
                "index.jelly",
                "io/jenkins/plugins/systemtests/jenkins/pages/SystemTestsRootAction/index.jelly",
                "io/jenkins/plugins/systemtests/jenkins/SystemTestsConfiguration/config.jelly",
                "io/jenkins/plugins/systemtests/jenkins/Messages.properties",
                "io/jenkins/plugins/systemtests/jenkins/Messages.class",
                "io/jenkins/plugins/systemtests/runner/runner.py",
                "io/jenkins/plugins/systemtests/runner/pytest_plugin/system_tests_pytest_plugin.py",
                "io/jenkins/plugins/systemtests/jenkins/environment/GaveUpWaitsJobAction/jobMain.jelly");
        assertThat(hpiEntryNames).contains("WEB-INF/licenses.xml", "images/system-tests.svg", "js/common.js", "js/run-progress.js", "js/dashboard.js",
                "js/job-history.js", "js/library.js", "js/test-view.js", "js/test-machines.js", "css/system-tests.css",
                "vendor/highlightjs/highlight.min.js", "vendor/highlightjs/styles/github.min.css",
                "help/tests.html", "help/environment.html", "help/credentials.html",
                "help/waitTimeoutMinutes.html");
    }

    private static Map<String, String> dependencies(String header) {
        assertThat(header).isNotBlank();
        Map<String, String> result = new HashMap<>();
        for (String dependency : header.split(",")) {
            int colon = dependency.indexOf(':');
            result.put(dependency.substring(0, colon), dependency.substring(colon + 1));
        }
        return result;
    }

    private static Set<String> classesAnnotatedWith(String descriptor) {
        return jarEntries.entrySet().stream()
                .filter(e -> e.getKey().endsWith(".class") && contains(e.getValue(), descriptor))
                .map(e -> e.getKey().replaceFirst("\\.class$", "").replace('/', '.'))
                .collect(Collectors.toSet());
    }

    /** Reads sezpoz's serialized index: a stream of SerAnnotatedElement objects closed by null. */
    private static List<String> sezpozIndex(String entry) throws Exception {
        byte[] bytes = jarEntries.get(entry);
        assertThat(bytes).as(entry).isNotNull();
        List<String> classNames = new ArrayList<>();
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            for (Object element = in.readObject(); element != null; element = in.readObject()) {
                classNames.add((String) element.getClass().getField("className").get(element));
            }
        }
        return classNames;
    }

    private static boolean contains(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i <= haystack.length - n.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

}
