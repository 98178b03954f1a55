package io.jenkins.plugins.systemtests.jenkins.parameters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.cli.CLICommand;
import hudson.model.Failure;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Item;
import hudson.model.ParametersAction;
import hudson.model.ParametersDefinitionProperty;
import hudson.model.Queue;
import hudson.util.FormValidation;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import io.jenkins.plugins.systemtests.jenkins.results.BuildRunsPage;
import io.jenkins.plugins.systemtests.jenkins.steps.SystemTestsBuilder;
import io.jenkins.plugins.systemtests.jenkins.support.NoPluginErrors;
import io.jenkins.plugins.systemtests.jenkins.support.Pipelines;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlCheckBoxInput;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlOption;
import org.htmlunit.html.HtmlPage;
import org.jenkins.plugins.lockableresources.LockableResourcesManager;
import hudson.model.queue.QueueTaskFuture;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.cps.replay.ReplayAction;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.TestBuilder;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The "System tests" and "Test environment" build parameters: their forms, their checks, their values reaching the
 * steps (freestyle {@code ${TESTS}}, Pipeline {@code params.TESTS}), Pipeline's {@code parameters { }} by symbol, and
 * a start over REST with Jenkins' own {@code buildWithParameters} and repeated TESTS values.
 */
@WithJenkins
@ExtendWith(NoPluginErrors.class)
class BuildParametersTest {
    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        SystemTestsService.get().library().save("door", "test_lib.py", "print('library')\n".getBytes(
                StandardCharsets.UTF_8), true);
    }

    @Test
    void the_form_offers_the_workspace_and_the_library_as_a_tree_and_starts_a_build_with_the_checked_tests()
            throws Exception {
        FreeStyleProject project = freestyle("lab", "t/test_a.py");
        j.buildAndAssertSuccess(project); // leaves the workspace the form lists

        try (JenkinsRule.WebClient web = j.createWebClient()) {
            web.setThrowExceptionOnFailingStatusCode(false); // the form answers GET with 405: a build needs a POST
            HtmlPage page = web.getPage(project, "build?delay=0sec");
            Map<String, HtmlCheckBoxInput> boxes = testBoxes(page);
            assertThat(boxes).containsOnlyKeys("t/test_a.py", "t/test_b.py", "scenarios/scenario_master.py",
                    "library:door/test_lib.py");
            assertThat(boxes.get("t/test_a.py").isChecked()).as("the default").isTrue();
            assertThat(boxes.get("t/test_b.py").isChecked()).isFalse();
            assertThat(page.querySelectorAll(".system-tests-test-tree__folder").stream()
                    .map(folder -> ((DomElement) folder).querySelector("summary").getTextContent()).toList())
                    .contains("Workspace", "t", "scenarios", "Test library", "door");
            assertThat(page.querySelector(".system-tests-test-tree__count").getTextContent()).isEqualTo("1 selected");

            boxes.get("t/test_b.py").click();
            boxes.get("library:door/test_lib.py").click();
            HtmlForm form = page.getFormByName("parameters");
            j.submit(form);
        }
        j.waitUntilNoActivity();
        FreeStyleBuild build = project.getLastBuild();
        assertThat(build.getNumber()).isEqualTo(2);
        j.assertBuildStatusSuccess(build);
        assertThat(testsOf(build.getAction(ParametersAction.class)))
                .containsExactly("t/test_a.py", "t/test_b.py", "library:door/test_lib.py");
        j.assertLogContains("PASSED  t/test_a.py", build);
        j.assertLogContains("PASSED  t/test_b.py", build);
        j.assertLogNotContains("scenario_master.py", build);
    }

    @Test
    void a_pipelines_form_offers_the_test_files_its_last_build_that_ran_tests_found_in_its_workspace()
            throws Exception {
        WorkflowJob job = Pipelines.job(j, "pipeline-tree", Map.of("t/test_a.py", "print('a')\n", "t/test_b.py",
                "print('b')\n", "scenarios/scenario_master.py", "print('master')\n"),
                "systemTests tests: params.TESTS");
        TestsParameterDefinition tests = new TestsParameterDefinition("TESTS");
        tests.setDefaultTests("t/test_a.py");
        job.addProperty(new ParametersDefinitionProperty(tests));
        try (JenkinsRule.WebClient web = j.createWebClient()) {
            web.setThrowExceptionOnFailingStatusCode(false); // the form answers GET with 405: a build needs a POST
            HtmlPage before = web.getPage(job, "build?delay=0sec");
            assertThat(testBoxes(before)).as("no build yet: the default and the library")
                    .containsOnlyKeys("t/test_a.py", "library:door/test_lib.py");
            assertThat(before.<DomElement>querySelector(".system-tests-test-tree").getAttribute("data-offer"))
                    .contains("build it once");
        }

        j.buildAndAssertSuccess(job);

        try (JenkinsRule.WebClient web = j.createWebClient()) {
            web.setThrowExceptionOnFailingStatusCode(false);
            HtmlPage page = web.getPage(job, "build?delay=0sec");
            Map<String, HtmlCheckBoxInput> boxes = testBoxes(page);
            assertThat(boxes).containsOnlyKeys("t/test_a.py", "t/test_b.py", "scenarios/scenario_master.py",
                    "library:door/test_lib.py");
            assertThat(boxes.get("t/test_a.py").isChecked()).as("the default").isTrue();
            assertThat(page.<DomElement>querySelector(".system-tests-test-tree").getAttribute("data-offer"))
                    .contains("workspace of build #1");
            boxes.get("t/test_a.py").click();
            boxes.get("scenarios/scenario_master.py").click();
            j.submit(page.getFormByName("parameters"));
        }
        j.waitUntilNoActivity();
        WorkflowRun second = j.assertBuildStatusSuccess(job.getBuildByNumber(2));
        assertThat(testsOf(second.getAction(ParametersAction.class))).containsExactly("scenarios/scenario_master.py");
        j.assertLogNotContains("t/test_a.py", second);
    }

    @Test
    void an_address_naming_tests_checks_them_instead_of_the_default_as_the_librarys_run_does() throws Exception {
        FreeStyleProject project = freestyle("chosen", "t/test_a.py");
        try (JenkinsRule.WebClient web = j.createWebClient()) {
            web.setThrowExceptionOnFailingStatusCode(false); // the form answers GET with 405: a build needs a POST
            HtmlPage page = web.getPage(project, "build?delay=0sec&TESTS=library:door/test_lib.py");
            Map<String, HtmlCheckBoxInput> boxes = testBoxes(page);
            assertThat(boxes.get("library:door/test_lib.py").isChecked()).isTrue();
            assertThat(boxes.get("t/test_a.py").isChecked()).as("the default, offered").isFalse();
            assertThat(page.querySelector(".system-tests-test-tree__note").getTextContent())
                    .contains("No workspace yet");
        }
    }

    @Test
    void the_librarys_run_offers_the_jobs_the_user_may_build_and_lands_on_their_form_with_the_tests_checked()
            throws Exception {
        SystemTestsService.get().library().save("door", "test_two.py", "print('two')\n".getBytes(
                StandardCharsets.UTF_8), true);
        freestyle("lab", "t/test_a.py");
        freestyle("secret", "t/test_a.py");
        j.createFreeStyleProject("plain");
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ).everywhere().to("alice")
                .grant(Item.READ, Item.BUILD, Item.WORKSPACE).onItems(j.jenkins.getItem("lab"),
                        j.jenkins.getItem("plain")).to("alice")
                .grant(Item.READ).onItems(j.jenkins.getItem("secret")).to("alice"));

        try (JenkinsRule.WebClient web = j.createWebClient().login("alice")) {
            web.setThrowExceptionOnFailingStatusCode(false); // the form answers GET with 405: a build needs a POST
            HtmlPage library = web.goTo("system-tests/library/");
            HtmlForm run = (HtmlForm) library.querySelector("form.system-tests-library-run");
            assertThat(run.getSelectByName("job").getOptions().stream().map(HtmlOption::getValueAttribute))
                    .containsExactly("lab");
            for (DomElement box : library.querySelectorAll("input[name='tests']").stream().map(DomElement.class::cast)
                    .toList()) {
                ((HtmlCheckBoxInput) box).setChecked(true);
            }
            HtmlPage form = library.<DomElement>querySelector(".system-tests-library-run__submit").click();

            assertThat(form.getUrl().toString()).contains("/job/lab/build?delay=0sec&TESTS=library%3Adoor%2Ftest_lib.py");
            Map<String, HtmlCheckBoxInput> boxes = testBoxes(form);
            assertThat(boxes.get("library:door/test_lib.py").isChecked()).isTrue();
            assertThat(boxes.get("library:door/test_two.py").isChecked()).isTrue();
            assertThat(boxes.get("t/test_a.py").isChecked()).isFalse();

            Page refused = web.goTo("system-tests/library/run?job=secret&tests=library:door/test_lib.py");
            assertThat(refused.getWebResponse().getStatusCode()).isEqualTo(404);
        }
    }

    @Test
    void the_rest_start_takes_repeated_tests_and_an_environment_and_the_build_runs_exactly_them_in_it()
            throws Exception {
        secure();
        WorkflowJob job = Pipelines.job(j, "rest", Map.of("t/test_a.py", "print('a')\n", "t/test_b.py",
                "print('b')\n", "scenarios/scenario_master.py", "print('master')\n"),
                "systemTests tests: params.TESTS, environment: params.ENV");
        TestsParameterDefinition tests = new TestsParameterDefinition("TESTS");
        tests.setDefaultTests("t/test_a.py");
        job.addProperty(new ParametersDefinitionProperty(tests, new EnvironmentParameterDefinition("ENV")));

        try (JenkinsRule.WebClient web = j.createWebClient().withBasicApiToken("alice")) {
            web.getOptions().setRedirectEnabled(false);
            Page answer = web.getPage(new WebRequest(new URL(j.getURL(),
                    "job/rest/buildWithParameters?TESTS=t/test_b.py&TESTS=scenarios/scenario_master.py&ENV=7"),
                    HttpMethod.POST));
            assertThat(answer.getWebResponse().getStatusCode()).isEqualTo(201);
            assertThat(answer.getWebResponse().getResponseHeaderValue("Location")).contains("/queue/item/");
        }
        j.waitUntilNoActivity();
        WorkflowRun build = job.getLastBuild();
        j.assertBuildStatusSuccess(build);
        assertThat(testsOf(build.getAction(ParametersAction.class)))
                .containsExactly("t/test_b.py", "scenarios/scenario_master.py");
        j.assertLogContains("system-test-env-7", build);
        j.assertLogContains("PASSED  t/test_b.py", build);
        j.assertLogNotContains("t/test_a.py", build);
        // who ran it: the user of the API token is the run's user, shown with the run and found by the user filter
        assertThat(build.getAction(BuildRunsPage.class).getRuns()).singleElement()
                .satisfies(run -> assertThat(run.getStartedBy()).isEqualTo("alice"));
        try (JenkinsRule.WebClient web = j.createWebClient().withBasicApiToken("alice")) {
            String runs = web.goTo("system-tests/api/v1/runs?user=alice", "application/json").getWebResponse()
                    .getContentAsString();
            assertThat(runs).contains("\"startedBy\":\"alice\"").contains(build.getUrl());
        }
    }

    @Test
    void the_rest_start_refuses_tests_outside_the_workspace_or_the_library_and_starts_nothing() throws Exception {
        secure();
        FreeStyleProject project = freestyle("refusing", "t/test_a.py");
        try (JenkinsRule.WebClient web = j.createWebClient().withBasicApiToken("alice")) {
            web.getOptions().setThrowExceptionOnFailingStatusCode(false);
            for (String query : List.of("TESTS=../secrets/test_x.py", "TESTS=/etc/test_x.py",
                    "TESTS=library:door/test_missing.py", "TESTS=", "ENV=101", "ENV=7&ENV=8")) {
                Page answer = web.getPage(new WebRequest(new URL(j.getURL(),
                        "job/refusing/buildWithParameters?" + query), HttpMethod.POST));
                assertThat(answer.getWebResponse().getStatusCode()).as(query).isEqualTo(400);
            }
        }
        assertThat(Queue.getInstance().getItems()).isEmpty();
        assertThat(project.getBuilds()).isEmpty();
    }

    @Test
    void the_default_tests_field_is_checked_and_a_job_keeps_both_parameters_through_its_configure_form()
            throws Exception {
        TestsParameterDefinition.DescriptorImpl descriptor = j.jenkins.getDescriptorByType(
                TestsParameterDefinition.DescriptorImpl.class);
        assertThat(descriptor.doCheckDefaultTests("t/test_a.py\nlibrary:door/test_lib.py").kind)
                .isEqualTo(FormValidation.Kind.OK);
        assertThat(descriptor.doCheckDefaultTests("../up.py").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(descriptor.doCheckDefaultTests("library:door/nope.py").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(descriptor.doCheckDefaultTests("").kind).isEqualTo(FormValidation.Kind.WARNING);
        assertThat(j.jenkins.getDescriptorByType(EnvironmentParameterDefinition.DescriptorImpl.class)
                .doCheckDefaultEnvironment("0").kind).isEqualTo(FormValidation.Kind.ERROR);

        // the CLI's -p TESTS=... takes tests separated by commas or lines, with the same checks
        TestsParameterDefinition cli = new TestsParameterDefinition("TESTS");
        assertThat(((TestsParameterValue) cli.createValue((CLICommand) null, "t/test_a.py,library:door/test_lib.py"))
                .getTests()).containsExactly("t/test_a.py", "library:door/test_lib.py");
        assertThatThrownBy(() -> cli.createValue((CLICommand) null, "../t.py")).isInstanceOf(Failure.class)
                .hasMessageContaining("TESTS: Test path '../t.py' must stay inside the workspace");
        assertThat(new EnvironmentParameterDefinition("ENV").createValue((CLICommand) null, " 07 ").getValue())
                .isEqualTo("7");

        FreeStyleProject project = freestyle("roundtrip", "t/test_a.py\nlibrary:door/test_lib.py");
        ParametersDefinitionProperty before = project.getProperty(ParametersDefinitionProperty.class);
        j.configRoundtrip(project);
        j.assertEqualDataBoundBeans(before.getParameterDefinitions(),
                project.getProperty(ParametersDefinitionProperty.class).getParameterDefinitions());
    }

    @Test
    void the_environment_list_shows_every_environment_free_or_busy_with_its_holder() throws Exception {
        LockableResourcesManager.get().createResourceWithLabel("system-test-env-7", "system-test-env");
        LockableResourcesManager.get().createResourceWithLabel("system-test-env-rig-a", "system-test-env");
        LockableResourcesManager.get().reserve(List.of(LockableResourcesManager.get().getResources().stream()
                .filter(r -> r.getName().equals("system-test-env-7")).findFirst().orElseThrow()), "bob");
        FreeStyleProject project = freestyle("envs", "t/test_a.py");
        try (JenkinsRule.WebClient web = j.createWebClient()) {
            web.setThrowExceptionOnFailingStatusCode(false); // the form answers GET with 405: a build needs a POST
            HtmlPage page = web.getPage(project, "build?delay=0sec");
            List<HtmlOption> options = page.<DomElement>querySelector(".system-tests-environment-parameter select")
                    .getElementsByTagName("option").stream().map(HtmlOption.class::cast).toList();
            assertThat(options).hasSize(1 + 100 + 1);
            assertThat(options.get(0).getValueAttribute()).isEmpty();
            assertThat(options.get(1).getText()).isEqualTo("1: free");
            assertThat(options.get(7).getText()).startsWith("7: busy, held by bob since ");
            assertThat(options.get(7).getAttribute("data-busy")).isEqualTo("true");
            assertThat(options.get(101).getValueAttribute()).isEqualTo("rig-a");
            assertThat(options.stream().filter(HtmlOption::isSelected).map(HtmlOption::getValueAttribute))
                    .containsExactly("");
        }
    }

    @Test
    void a_pipeline_declares_both_parameters_by_symbol_and_passes_their_values_to_the_dsl() throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class, "declared");
        job.setDefinition(new CpsFlowDefinition("pipeline {\n"
                + "  agent any\n"
                + "  parameters {\n"
                + "    systemTestFiles(name: 'TESTS', defaultTests: 't/test_a.py\\nt/test_b.py', description: 'what')\n"
                + "    testEnvironment(name: 'ENV', defaultEnvironment: '12')\n"
                + "  }\n"
                + "  stages { stage('test') { steps {\n"
                + Pipelines.writeFiles(Map.of("t/test_a.py", "print('a')\n", "t/test_b.py", "print('b')\n"))
                + "    systemTests tests: params.TESTS, environment: params.ENV\n"
                + "  } } }\n"
                + "}", true));

        WorkflowRun first = j.buildAndAssertSuccess(job);
        j.assertLogContains("PASSED  t/test_a.py", first);
        j.assertLogContains("PASSED  t/test_b.py", first);
        j.assertLogContains("system-test-env-12", first);
        ParametersDefinitionProperty declared = job.getProperty(ParametersDefinitionProperty.class);
        assertThat(declared.getParameterDefinitions()).hasExactlyElementsOfTypes(TestsParameterDefinition.class,
                EnvironmentParameterDefinition.class);

        WorkflowRun second = j.assertBuildStatusSuccess(job.scheduleBuild2(0, new ParametersAction(
                new TestsParameterValue("TESTS", "t/test_b.py"), new EnvironmentParameterValue("ENV", "3"))));
        j.assertLogContains("PASSED  t/test_b.py", second);
        j.assertLogNotContains("t/test_a.py", second);
        j.assertLogContains("system-test-env-3", second);

        // Replay keeps the chosen values
        @SuppressWarnings("unchecked")
        QueueTaskFuture<WorkflowRun> replay = second.getAction(ReplayAction.class)
                .run(((CpsFlowDefinition) job.getDefinition()).getScript(), Map.of());
        WorkflowRun replayed = j.assertBuildStatusSuccess(replay);
        assertThat(testsOf(replayed.getAction(ParametersAction.class))).containsExactly("t/test_b.py");
        j.assertLogContains("PASSED  t/test_b.py", replayed);
        j.assertLogNotContains("t/test_a.py", replayed);

        // the Parameters page lists the tests
        try (JenkinsRule.WebClient web = j.createWebClient()) {
            HtmlPage parameters = web.getPage(second, "parameters/");
            assertThat(parameters.querySelectorAll(".system-tests-parameter-tests li").stream()
                    .map(li -> li.getTextContent().trim()).toList()).containsExactly("t/test_b.py");
        }
    }

    private FreeStyleProject freestyle(String name, String defaultTests) throws Exception {
        FreeStyleProject project = j.createFreeStyleProject(name);
        TestsParameterDefinition tests = new TestsParameterDefinition("TESTS");
        tests.setDefaultTests(defaultTests);
        EnvironmentParameterDefinition environment = new EnvironmentParameterDefinition("ENV");
        project.addProperty(new ParametersDefinitionProperty(tests, environment));
        project.getBuildersList().add(writing(Map.of("t/test_a.py", "print('a')\n", "t/test_b.py", "print('b')\n",
                "scenarios/scenario_master.py", "print('master')\n")));
        project.getBuildersList().add(new SystemTestsBuilder("${TESTS}"));
        return project;
    }

    private void secure() {
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ, Item.BUILD, Item.WORKSPACE).everywhere().to("alice"));
    }

    private static Map<String, HtmlCheckBoxInput> testBoxes(HtmlPage page) {
        return page.querySelectorAll("input[name='tests']").stream().map(HtmlCheckBoxInput.class::cast)
                .collect(Collectors.toMap(box -> box.getAttribute("json"), box -> box));
    }

    private static List<String> testsOf(ParametersAction parameters) {
        return ((TestsParameterValue) parameters.getParameter("TESTS")).getTests();
    }

    /** A build step that writes test files into the workspace, as a checkout would. */
    private static TestBuilder writing(Map<String, String> files) {
        return new TestBuilder() {
            @Override
            public boolean perform(hudson.model.AbstractBuild<?, ?> build, hudson.Launcher launcher,
                    hudson.model.BuildListener listener) throws InterruptedException, java.io.IOException {
                for (Map.Entry<String, String> file : files.entrySet()) {
                    build.getWorkspace().child(file.getKey()).write(file.getValue(), "UTF-8");
                }
                return true;
            }
        };
    }
}
