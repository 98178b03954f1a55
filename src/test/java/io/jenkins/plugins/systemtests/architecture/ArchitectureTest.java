package io.jenkins.plugins.systemtests.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchitectureTest {
    private static final Path SOURCES = Path.of(System.getProperty("project.basedir", ".")).resolve("src/main/java");
    private static final Path CORE = SOURCES.resolve("io/jenkins/plugins/systemtests/core");

    @Test
    void the_core_references_no_jenkins_stapler_servlet_or_plugin_class() {
        assertThat(CORE).isDirectory();
        assertThat(CoreIsJenkinsFree.violationsUnder(CORE)).isEmpty();
    }

    @Test
    void the_check_catches_an_import_and_a_fully_qualified_name(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("Bad.java"), """
                package io.jenkins.plugins.systemtests.core.bad;
                import hudson.model.Run;
                class Bad {
                    Object o = jenkins.model.Jenkins.get();
                    // a comment naming hudson.model.Run is fine
                    io.jenkins.plugins.systemtests.core.Other fine;
                }
                """);

        assertThat(CoreIsJenkinsFree.violationsUnder(dir))
                .containsExactly("Bad.java:2: import hudson.model.Run;",
                        "Bad.java:4: Object o = jenkins.model.Jenkins.get();");
    }

    @Test
    void no_two_packages_import_from_each_other_directly_or_through_others() {
        java.util.Map<String, java.util.Set<String>> graph = PackageCycles.dependencies(SOURCES);
        assertThat(graph).containsKeys("io.jenkins.plugins.systemtests.core.store",
                "io.jenkins.plugins.systemtests.jenkins", "io.jenkins.plugins.systemtests.jenkins.steps",
                "io.jenkins.plugins.systemtests.jenkins.environment", "io.jenkins.plugins.systemtests.jenkins.results",
                "io.jenkins.plugins.systemtests.jenkins.pages", "io.jenkins.plugins.systemtests.jenkins.api");
        assertThat(PackageCycles.cycles(graph)).isEmpty();
    }

    @Test
    void the_cycle_check_finds_a_loop_through_a_third_package(@TempDir Path dir) throws IOException {
        for (String[] file : new String[][] {{"a", "b"}, {"b", "c"}, {"c", "a"}}) {
            Path folder = Files.createDirectories(dir.resolve(file[0]));
            Files.writeString(folder.resolve("X.java"), "package io.jenkins.plugins.systemtests." + file[0]
                    + ";\nimport io.jenkins.plugins.systemtests." + file[1] + ".Y;\nclass X {}\n");
        }

        assertThat(PackageCycles.cycles(PackageCycles.dependencies(dir))).contains(
                "io.jenkins.plugins.systemtests.a -> io.jenkins.plugins.systemtests.b -> io.jenkins.plugins.systemtests.c"
                        + " -> io.jenkins.plugins.systemtests.a");
    }
}
