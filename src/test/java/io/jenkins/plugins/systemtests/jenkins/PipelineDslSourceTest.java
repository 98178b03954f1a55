package io.jenkins.plugins.systemtests.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.Phases;
import org.codehaus.groovy.control.SourceUnit;
import org.junit.jupiter.api.Test;

/**
 * The Groovy that the plugin ships for Pipeline is only compiled by Jenkins at run time: this at least parses it with
 * Jenkins' own Groovy version, and checks the DSL's class name matches what the Java side loads.
 */
class PipelineDslSourceTest {
    private static final Path RESOURCES = Path.of(System.getProperty("project.basedir", ".")).resolve("src/main/resources");

    @Test
    void every_shipped_groovy_file_parses_with_groovy_2_4() throws Exception {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(RESOURCES)) {
            sources = files.filter(p -> p.toString().endsWith(".groovy")).toList();
        }
        assertThat(sources).isNotEmpty();
        for (Path source : sources) {
            CompilationUnit unit = new CompilationUnit();
            SourceUnit added = unit.addSource(source.toFile());
            unit.compile(Phases.CONVERSION); // syntax and structure; classes are resolved by Jenkins
            assertThat(added.getErrorCollector().hasErrors()).as(source.toString()).isFalse();
            String className = RESOURCES.relativize(source).toString().replace('/', '.').replaceFirst("\\.groovy$", "");
            assertThat(added.getAST().getClasses()).extracting(c -> c.getName()).contains(className);
        }
    }

    @Test
    void the_dsl_variable_names_the_shipped_class() throws Exception {
        // The Jenkins layer cannot be loaded without Jenkins, so its compiled constant is read from the class file.
        Path variable = Path.of(System.getProperty("project.basedir", "."))
                .resolve("target/classes/io/jenkins/plugins/systemtests/jenkins/steps/SystemTestsDslVariable.class");
        String constants = new String(Files.readAllBytes(variable), java.nio.charset.StandardCharsets.ISO_8859_1);
        String dsl = "io.jenkins.plugins.systemtests.jenkins.steps.SystemTestsDsl";
        assertThat(constants).contains(dsl);
        assertThat(RESOURCES.resolve(dsl.replace('.', '/') + ".groovy")).isRegularFile();
    }
}
