package io.jenkins.plugins.systemtests.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchitectureTest {
    private static final Path CORE = Path.of(System.getProperty("project.basedir", "."))
            .resolve("src/main/java/io/jenkins/plugins/systemtests/core");

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
}
