package io.jenkins.plugins.systemtests.jenkins.docs;

import static org.assertj.core.api.Assertions.assertThat;

import groovy.lang.GroovyShell;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import io.jenkins.plugins.systemtests.jenkins.support.NoPluginErrors;
import java.nio.file.Path;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The sample jobs {@code mvn hpi:run} makes (src/hpi-run/init.groovy.d, README "Build, try and test") load with this
 * plugin's classes and build as the README says: the sample Pipeline ends UNSTABLE with the sample scenario's tests.
 */
@WithJenkins
@ExtendWith(NoPluginErrors.class)
class HpiRunSampleJobsTest {
    private static final Path SCRIPT = DocumentedPipelinesTest.BASEDIR.resolve("src/hpi-run/init.groovy.d/sample-jobs.groovy");

    @AfterEach
    void forgetSamples() {
        System.clearProperty("systemtests.samples");
    }

    @Test
    void the_hpi_run_init_script_makes_the_sample_jobs_once_and_the_pipeline_builds(JenkinsRule j) throws Exception {
        System.setProperty("systemtests.samples", DocumentedPipelinesTest.BASEDIR.resolve("sample-tests").toString());
        runInitScript();
        runInitScript(); // a second start keeps the jobs as they are

        assertThat(j.jenkins.getItemByFullName("sample-freestyle", FreeStyleProject.class).getBuilders())
                .extracting(b -> b.getClass().getSimpleName()).contains("SystemTestsBuilder");
        assertThat(j.jenkins.getItemByFullName("sample-freestyle-env-7", FreeStyleProject.class)).isNotNull();
        WorkflowJob pipeline = j.jenkins.getItemByFullName("sample-pipeline", WorkflowJob.class);
        WorkflowRun build = j.assertBuildStatus(Result.UNSTABLE, pipeline.scheduleBuild2(0));
        j.assertLogContains("passed, 1 failed, 1 errors", build);
        j.assertLogContains("Recording test results", build);
    }

    private static void runInitScript() throws Exception {
        new GroovyShell(Jenkins.get().getPluginManager().uberClassLoader).evaluate(SCRIPT.toFile());
    }
}
