package io.jenkins.plugins.systemtests.jenkins.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.systemtests.jenkins.environment.EnvironmentWaitStep;
import io.jenkins.plugins.systemtests.jenkins.steps.RunSystemTestsStep;
import io.jenkins.plugins.systemtests.jenkins.steps.SystemTestsBuilder;
import io.jenkins.plugins.systemtests.jenkins.steps.TestCredentials;
import io.jenkins.plugins.systemtests.jenkins.support.NoPluginErrors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jenkinsci.plugins.structs.describable.DescribableModel;
import org.jenkinsci.plugins.structs.describable.DescribableParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The user guide's parameter tables and the code say the same: every parameter a step takes is documented, and every
 * documented parameter exists. So do the runner's options in docs/runner.md and its --help.
 */
@WithJenkins
@ExtendWith(NoPluginErrors.class)
class DocumentedParametersTest {
    private static final Path GUIDE = DocumentedPipelinesTest.BASEDIR.resolve("docs/user-guide.md");

    /** The backticked names in the first column of the first table after a heading. */
    private static Set<String> documented(String heading) throws Exception {
        String guide = Files.readString(GUIDE, StandardCharsets.UTF_8);
        int at = guide.indexOf("\n" + heading + "\n");
        assertThat(at).as("the heading '%s' in docs/user-guide.md", heading).isNotNegative();
        String section = guide.substring(at + heading.length() + 2);
        int next = section.indexOf("\n## ");
        section = next < 0 ? section : section.substring(0, next);
        Set<String> names = new TreeSet<>();
        boolean inTable = false;
        for (String line : section.split("\n")) {
            if (line.startsWith("| parameter |")) {
                inTable = true;
            } else if (inTable && line.startsWith("|---")) {
                continue;
            } else if (inTable && line.startsWith("| ")) {
                Matcher name = Pattern.compile("`(\\w+)`").matcher(line.split("\\|")[1]);
                while (name.find()) {
                    names.add(name.group(1));
                }
            } else if (inTable) {
                break;
            }
        }
        return names;
    }

    private static Set<String> parameters(Class<?> type) {
        return DescribableModel.of(type).getParameters().stream().map(DescribableParameter::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void every_step_parameter_is_documented_and_every_documented_one_exists(JenkinsRule j) throws Exception {
        Set<String> dsl = new TreeSet<>(parameters(RunSystemTestsStep.class));
        dsl.add("waitTimeoutMinutes"); // the DSL's own, for the wait (SystemTestsDsl.groovy)

        assertThat(documented("## `runSystemTests`")).isEqualTo(parameters(RunSystemTestsStep.class));
        assertThat(documented("## `systemTests`")).isEqualTo(dsl);
        assertThat(documented("## `systemTestsEnvironmentWait`")).isEqualTo(parameters(EnvironmentWaitStep.class));
        assertThat(documented("## Freestyle: *Run Python system tests* (`pythonSystemTests`)"))
                .isEqualTo(parameters(SystemTestsBuilder.class));
        assertThat(Files.readString(GUIDE)).as("the credentials entries' fields")
                .contains(parameters(TestCredentials.class).stream().map(p -> p + ": '").toList());
    }

    @Test
    void every_runner_option_in_the_runner_guide_exists(JenkinsRule j) throws Exception {
        String python = System.getenv().getOrDefault("SYSTEM_TESTS_PYTHON", "python3");
        Process help = new ProcessBuilder(python, DocumentedPipelinesTest.BASEDIR
                .resolve("src/main/resources/io/jenkins/plugins/systemtests/runner/runner.py").toString(), "--help")
                .redirectErrorStream(true).start();
        String options = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(help.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Set<String> inHelp = matches(options, "(--[a-z][a-z-]+)");
        String guide = Files.readString(DocumentedPipelinesTest.BASEDIR.resolve("docs/runner.md"));

        assertThat(inHelp).isNotEmpty().containsAll(matches(guide, "`(--[a-z][a-z-]+)"));
    }

    private static Set<String> matches(String text, String regex) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = Pattern.compile(regex).matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}
