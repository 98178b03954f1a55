package io.jenkins.plugins.systemtests.jenkins.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.Label;
import hudson.model.Result;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import io.jenkins.plugins.systemtests.jenkins.support.NoPluginErrors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Every Pipeline example in the README and docs/ runs as a job, as written, so that none can rot. What the examples
 * assume is provided: an agent labelled {@code lab}; {@code checkout scm} brings the project's {@code sample-tests/}
 * as {@code tests/} (it becomes a copy, the job having no SCM); the credentials {@code lab-db} and the library test
 * {@code door/test_door_lock.py} exist. A fragment (no {@code node} or {@code pipeline}) runs inside
 * {@code node('lab') { checkout scm; ... }}. A build must end SUCCESS or UNSTABLE (the sample suite fails on purpose).
 */
@WithJenkins
@ExtendWith(NoPluginErrors.class)
class DocumentedPipelinesTest {
    static final Path BASEDIR = Path.of(System.getProperty("project.basedir", ".")).toAbsolutePath().normalize();
    private static final Pattern GROOVY_BLOCK = Pattern.compile("(?ms)^( *)```groovy\\n(.*?)^\\1```");

    record Example(String file, int number, String script) {
    }

    static List<Example> examples() throws Exception {
        List<Path> files = new ArrayList<>(List.of(BASEDIR.resolve("README.md"), BASEDIR.resolve("sample-tests/README.md")));
        try (Stream<Path> docs = Files.list(BASEDIR.resolve("docs"))) {
            docs.filter(f -> f.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        List<Example> examples = new ArrayList<>();
        for (Path file : files) {
            Matcher block = GROOVY_BLOCK.matcher(Files.readString(file, StandardCharsets.UTF_8));
            int number = 0;
            while (block.find()) {
                String indent = block.group(1);
                String script = block.group(2).replaceAll("(?m)^" + indent, "");
                examples.add(new Example(BASEDIR.relativize(file).toString(), ++number, script));
            }
        }
        return examples;
    }

    /** The script as the job runs it: checkout scm copies the sample suite; a fragment gets a node around it. */
    static String runnable(String script) {
        String checkout = "sh \"mkdir -p tests && cp -R '" + BASEDIR.resolve("sample-tests") + "/.' tests/\"";
        String body = script.contains("node") || script.contains("pipeline {") ? script
                : "node('lab') {\n  checkout scm\n" + script + "\n}\n";
        return body.replace("checkout scm", checkout);
    }

    @Test
    void every_pipeline_example_of_the_docs_runs_as_written(JenkinsRule j) throws Exception {
        j.createOnlineSlave(Label.get("lab"));
        j.createOnlineSlave(Label.get("rig-driver")); // agentLabel's example: two agents driving its four rigs
        j.createOnlineSlave(Label.get("rig-driver"));
        CredentialsProvider.lookupStores(j.jenkins).iterator().next().addCredentials(Domain.global(),
                new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "lab-db", "lab database", "lab", "s3cret"));
        SystemTestsService.get().library().save("door", "test_door_lock.py",
                "print('the door locks')\n".getBytes(StandardCharsets.UTF_8), true);
        List<Example> examples = examples();
        assertThat(examples).as("Pipeline examples in the docs").hasSizeGreaterThanOrEqualTo(10);

        for (Example example : examples) {
            WorkflowJob job = j.createProject(WorkflowJob.class, "doc-" + example.file().replaceAll("\\W", "-")
                    + "-" + example.number());
            job.setDefinition(new CpsFlowDefinition(runnable(example.script()), true));
            WorkflowRun build = j.waitForCompletion(job.scheduleBuild2(0).waitForStart());
            String log = JenkinsRule.getLog(build);
            assertThat(build.getResult()).as("%s, example %d:%n%s%n%s", example.file(), example.number(),
                    example.script(), log).isIn(Result.SUCCESS, Result.UNSTABLE);
            assertThat(log).as("%s, example %d", example.file(), example.number()).contains("System Tests")
                    .doesNotContain("Exception");
        }
    }
}
