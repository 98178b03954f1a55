package io.jenkins.plugins.systemtests.jenkins.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import hudson.util.FormValidation;
import hudson.util.Secret;
import io.jenkins.plugins.systemtests.jenkins.support.NoPluginErrors;
import java.util.List;
import org.htmlunit.html.HtmlPage;
import org.jenkins.plugins.lockableresources.RequiredResourcesProperty;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.Snippetizer;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestBuilder;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The freestyle build step "Run Python system tests", its form, and the Snippet Generator's entry for the step. */
@WithJenkins
@ExtendWith(NoPluginErrors.class)
class SystemTestsBuilderTest {
    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule rule) {
        j = rule;
    }

    @Test
    void every_field_survives_the_configure_form() throws Exception {
        CredentialsProvider.lookupStores(j.jenkins).iterator().next().addCredentials(Domain.global(),
                new StringCredentialsImpl(CredentialsScope.GLOBAL, "rig", "rig", Secret.fromString("x")));
        FreeStyleProject project = j.createFreeStyleProject("roundtrip");
        project.addProperty(new RequiredResourcesProperty("system-test-env-8", null, null, null));
        SystemTestsBuilder before = new SystemTestsBuilder("t/test_a.py\nt/test_b.py");
        before.setEnvironment("8");
        before.setWaitTimeoutMinutes(30);
        before.setPython("python3.11");
        before.setTimeoutMinutes(12);
        before.setJunitXml("out/results.xml");
        before.setUnstableOn("failed");
        before.setFailureOn("error");
        before.setRequirements("requirements.txt");
        before.setCredentials(List.of(new TestCredentials("rig", "RIG_PASSWORD")));
        project.getBuildersList().add(before);

        j.configRoundtrip(project);

        j.assertEqualDataBoundBeans(before, project.getBuildersList().get(SystemTestsBuilder.class));
    }

    @Test
    void a_build_that_queues_for_its_environment_runs_the_tests_holding_it() throws Exception {
        FreeStyleProject project = j.createFreeStyleProject("queued");
        project.addProperty(new RequiredResourcesProperty("system-test-env-8", null, null, null));
        project.getBuildersList().add(writing("t/test_ok.py", "print('ok')\n"));
        SystemTestsBuilder step = new SystemTestsBuilder("t/test_ok.py");
        step.setEnvironment("8");
        project.getBuildersList().add(step);

        FreeStyleBuild build = j.buildAndAssertSuccess(project);

        j.assertLogContains("holding test environment 8 (system-test-env-8)", build);
        j.assertLogContains("PASSED  t/test_ok.py", build);
    }

    @Test
    void a_build_that_does_not_queue_for_its_environment_fails_and_says_how() throws Exception {
        FreeStyleProject project = j.createFreeStyleProject("unqueued");
        project.getBuildersList().add(writing("t/test_ok.py", "print('ok')\n"));
        SystemTestsBuilder step = new SystemTestsBuilder("t/test_ok.py");
        step.setEnvironment("8");
        project.getBuildersList().add(step);

        FreeStyleBuild build = j.buildAndAssertStatus(Result.FAILURE, project);

        j.assertLogContains("this build does not hold test environment 8", build);
        j.assertLogContains("This build requires lockable resources", build);
    }

    @Test
    void failed_tests_make_a_freestyle_build_unstable() throws Exception {
        FreeStyleProject project = j.createFreeStyleProject("unstable");
        project.getBuildersList().add(writing("t/test_sum.py", "assert 1 + 1 == 3, 'arithmetic'\n"));
        project.getBuildersList().add(new SystemTestsBuilder("t/test_sum.py"));

        FreeStyleBuild build = j.buildAndAssertStatus(Result.UNSTABLE, project);

        j.assertLogContains("FAILED  t/test_sum.py", build);
    }

    @Test
    void the_form_checks_each_field() throws Exception {
        SystemTestsBuilder.DescriptorImpl descriptor = j.jenkins.getDescriptorByType(SystemTestsBuilder.DescriptorImpl.class);

        assertThat(descriptor.doCheckTests("").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(descriptor.doCheckTests("t/test_a.py").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(descriptor.doCheckEnvironment("no spaces allowed", null).kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(descriptor.doCheckTimeoutMinutes("-5").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(descriptor.doCheckUnstableOn("failed, sideways").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(descriptor.doCheckUnstableOn("failed, error").kind).isEqualTo(FormValidation.Kind.OK);
    }

    @Test
    void both_steps_answer_their_shared_form_checks_and_the_test_file_list_over_http() throws Exception {
        j.createFreeStyleProject("checked");
        try (JenkinsRule.WebClient web = j.createWebClient()) {
            for (Class<?> step : List.of(SystemTestsBuilder.class, RunSystemTestsStep.class)) {
                String base = "descriptorByName/" + step.getName() + "/";
                assertThat(web.goTo(base + "checkTimeoutMinutes?value=-5").getWebResponse().getContentAsString())
                        .as(step.getName()).contains("error");
                assertThat(web.goTo(base + "checkTests?value=t%2Ftest_a.py").getWebResponse().getContentAsString())
                        .as(step.getName()).doesNotContain("error");
                assertThat(web.goTo(base + "checkUnstableOn?value=sideways").getWebResponse().getContentAsString())
                        .as(step.getName()).contains("error");
                assertThat(web.goTo("job/checked/" + base + "testFiles", "application/json").getWebResponse()
                        .getContentAsString()).as(step.getName()).contains("files");
            }
        }
    }

    @Test
    void the_environment_field_warns_when_the_saved_job_does_not_queue_for_it() throws Exception {
        FreeStyleProject project = j.createFreeStyleProject("warns");
        SystemTestsBuilder.DescriptorImpl descriptor = j.jenkins.getDescriptorByType(SystemTestsBuilder.DescriptorImpl.class);

        FormValidation unqueued = descriptor.doCheckEnvironment("8", project);
        project.addProperty(new RequiredResourcesProperty("system-test-env-8", null, null, null));
        FormValidation queued = descriptor.doCheckEnvironment("8", project);

        assertThat(unqueued.kind).isEqualTo(FormValidation.Kind.WARNING);
        assertThat(unqueued.getMessage()).contains("system-test-env-8");
        assertThat(queued.kind).isEqualTo(FormValidation.Kind.OK);
    }

    @Test
    void the_snippet_generator_offers_the_pipeline_step() throws Exception {
        RunSystemTestsStep step = new RunSystemTestsStep("t/test_a.py");
        step.setTimeoutMinutes(10);
        assertThat(Snippetizer.object2Groovy(step)).isEqualTo("runSystemTests tests: 't/test_a.py', timeoutMinutes: 10");

        WorkflowJob job = j.createProject(WorkflowJob.class, "snippets");
        try (JenkinsRule.WebClient web = j.createWebClient()) {
            HtmlPage page = web.getPage(job, Snippetizer.ACTION_URL);
            assertThat(page.asXml()).contains("runSystemTests");
        }
    }

    /** A build step that writes a test file into the workspace, as a checkout would. */
    private static TestBuilder writing(String path, String text) {
        return new TestBuilder() {
            @Override
            public boolean perform(hudson.model.AbstractBuild<?, ?> build, hudson.Launcher launcher,
                    hudson.model.BuildListener listener) throws InterruptedException, java.io.IOException {
                build.getWorkspace().child(path).write(text, "UTF-8");
                return true;
            }
        };
    }
}
