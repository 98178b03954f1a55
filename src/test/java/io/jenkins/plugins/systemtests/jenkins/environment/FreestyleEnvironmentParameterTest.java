package io.jenkins.plugins.systemtests.jenkins.environment;

import static io.jenkins.plugins.systemtests.jenkins.support.Pipelines.await;
import static org.assertj.core.api.Assertions.assertThat;

import hudson.ExtensionList;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.ParametersAction;
import hudson.model.ParametersDefinitionProperty;
import hudson.model.Queue;
import hudson.model.queue.QueueTaskFuture;
import hudson.util.FormValidation;
import io.jenkins.plugins.systemtests.core.env.EnvironmentState;
import io.jenkins.plugins.systemtests.jenkins.parameters.EnvironmentParameterDefinition;
import io.jenkins.plugins.systemtests.jenkins.parameters.EnvironmentParameterValue;
import io.jenkins.plugins.systemtests.jenkins.steps.SystemTestsBuilder;
import io.jenkins.plugins.systemtests.jenkins.support.NoPluginErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jenkins.plugins.lockableresources.LockableResource;
import org.jenkins.plugins.lockableresources.LockableResourcesManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestBuilder;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * A freestyle job whose System Tests step takes its environment from a Test environment parameter ({@code ${ENV}}),
 * with no lockable-resources job property: each build waits in the queue for the environment it was given, the queue
 * naming the build that holds it, and holds it while it runs; a build for another environment runs at once.
 */
@WithJenkins
@ExtendWith(NoPluginErrors.class)
class FreestyleEnvironmentParameterTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    Path gate;

    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule rule) throws IOException {
        j = rule;
        j.jenkins.setNumExecutors(4);
    }

    @Test
    void builds_wait_in_the_queue_for_the_environment_their_parameter_names_and_hold_it_while_they_run()
            throws Exception {
        FreeStyleProject project = j.createFreeStyleProject("by-parameter");
        project.setConcurrentBuild(true); // only the environment may keep two builds apart
        project.addProperty(new ParametersDefinitionProperty(new EnvironmentParameterDefinition("ENV")));
        // The test holds its environment until this test opens the environment's gate (a file, open-<ENV>; the build's
        // parameters reach the tests as variables), so the order is not left to timing.
        project.getBuildersList().add(writing("t/test_gated.py", "import os, time\n"
                + "gate = os.path.join(" + pythonString(gate) + ", 'open-' + os.environ['ENV'])\n"
                + "deadline = time.time() + 120\n"
                + "while not os.path.exists(gate) and time.time() < deadline:\n"
                + "    time.sleep(0.2)\n"
                + "assert os.path.exists(gate), 'the gate never opened'\n"));
        Files.createFile(gate.resolve("open-8"));
        SystemTestsBuilder step = new SystemTestsBuilder("t/test_gated.py");
        step.setEnvironment("${ENV}");
        project.getBuildersList().add(step);

        FreeStyleBuild first = start(project, "7").waitForStart();
        await(TIMEOUT, "the first build to hold environment 7", () -> first.getExternalizableId().equals(holder("system-test-env-7")));

        QueueTaskFuture<FreeStyleBuild> secondFuture = start(project, "7");
        await(TIMEOUT, "the second build to wait in the queue naming the holder", () -> {
            Queue.Item item = queued(project);
            return item != null && item.isBlocked() && item.getWhy() != null && item.getWhy().contains("System Tests:");
        });
        assertThat(queued(project).getWhy()).contains("Waiting for test environment 7 (system-test-env-7)")
                .contains("locked by by-parameter#1");
        assertThat(EnvironmentResources.states()).filteredOn(state -> state.id().equals("7")).singleElement()
                .extracting(EnvironmentState::waiting).as("the environment list counts the queued build").isEqualTo(1);

        FreeStyleBuild other = j.assertBuildStatusSuccess(start(project, "8"));
        j.assertLogContains("holding test environment 8 (system-test-env-8)", other);
        assertThat(first.isBuilding()).as("environment 8 did not wait for the build on 7").isTrue();
        assertThat(queued(project)).as("the second build for 7 still waits").isNotNull();
        assertThat(project.getBuilds()).hasSize(2);

        Files.createFile(gate.resolve("open-7"));
        j.assertBuildStatusSuccess(j.waitForCompletion(first));
        FreeStyleBuild second = j.assertBuildStatusSuccess(secondFuture);

        j.assertLogContains("holding test environment 7 (system-test-env-7)", first);
        j.assertLogContains("holding test environment 7 (system-test-env-7)", second);
        j.assertLogContains("PASSED  t/test_gated.py", second);
        assertThat(second.getStartTimeInMillis()).as("the second build started once the first had released 7")
                .isGreaterThanOrEqualTo(first.getStartTimeInMillis() + first.getDuration());
        await(TIMEOUT, "environment 7 to be free again", () -> holder("system-test-env-7") == null);
    }

    @Test
    void a_build_waiting_for_its_parameters_environment_gives_up_after_the_steps_wait_timeout() throws Exception {
        FreeStyleProject project = j.createFreeStyleProject("gives-up");
        project.addProperty(new ParametersDefinitionProperty(new EnvironmentParameterDefinition("ENV")));
        SystemTestsBuilder step = new SystemTestsBuilder("t/test_ok.py");
        step.setEnvironment("${ENV}");
        step.setWaitTimeoutMinutes(1);
        project.getBuildersList().add(step);
        LockableResourcesManager.get().createResourceWithLabel("system-test-env-13", "system-test-env");
        LockableResourcesManager.get().fromName("system-test-env-13").setReservedBy("lab-admin");

        start(project, "13");
        await(TIMEOUT, "the build to wait naming who reserved 13", () -> {
            Queue.Item item = queued(project);
            return item != null && item.isBlocked() && item.getWhy() != null && item.getWhy().contains("lab-admin");
        });
        assertThat(queued(project).getWhy()).contains("Waiting for test environment 13").contains("gives up at");

        Thread.sleep(Duration.ofSeconds(61).toMillis()); // the shortest wait timeout there is
        ExtensionList.lookupSingleton(EnvironmentWaitTimeouts.class).doRun();

        assertThat(queued(project)).as("taken out of the queue").isNull();
        assertThat(project.getLastBuild()).isNull();
        try (JenkinsRule.WebClient web = j.createWebClient()) {
            assertThat(web.getPage(project).asNormalizedText()).contains("gave up waiting for their test environment")
                    .contains("lab-admin");
        }
    }

    @Test
    void a_blank_value_holds_no_environment_and_the_field_takes_a_parameter_through_the_form() throws Exception {
        FreeStyleProject project = j.createFreeStyleProject("no-environment");
        project.addProperty(new ParametersDefinitionProperty(new EnvironmentParameterDefinition("ENV")));
        project.getBuildersList().add(writing("t/test_ok.py", "print('ok')\n"));
        SystemTestsBuilder step = new SystemTestsBuilder("t/test_ok.py");
        step.setEnvironment("${ENV}");
        project.getBuildersList().add(step);

        FreeStyleBuild build = j.assertBuildStatusSuccess(start(project, ""));
        j.assertLogNotContains("holding test environment", build);

        SystemTestsBuilder.DescriptorImpl descriptor = j.jenkins.getDescriptorByType(SystemTestsBuilder.DescriptorImpl.class);
        FormValidation check = descriptor.doCheckEnvironment("${ENV}", project);
        assertThat(check.kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(check.getMessage()).contains("waits in the queue");

        FreeStyleProject configured = j.createFreeStyleProject("configured");
        SystemTestsBuilder saved = new SystemTestsBuilder("t/test_ok.py");
        saved.setEnvironment("${ENV}");
        configured.getBuildersList().add(saved);
        assertThat(j.configRoundtrip(configured).getBuildersList().get(SystemTestsBuilder.class).getEnvironment())
                .isEqualTo("${ENV}");
    }

    private static QueueTaskFuture<FreeStyleBuild> start(FreeStyleProject project, String environment) {
        return project.scheduleBuild2(0, new ParametersAction(new EnvironmentParameterValue("ENV", environment)));
    }

    private Queue.Item queued(FreeStyleProject project) {
        return j.jenkins.getQueue().getItem(project);
    }

    /** The build holding a resource (its externalizable id), or null. */
    private static String holder(String resourceName) {
        LockableResource resource = LockableResourcesManager.get().fromName(resourceName);
        return resource == null || resource.getBuild() == null ? null : resource.getBuild().getExternalizableId();
    }

    private static String pythonString(Path path) {
        return "'" + path.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** A build step that writes a test file into the workspace, as a checkout would. */
    private static TestBuilder writing(String path, String text) {
        return new TestBuilder() {
            @Override
            public boolean perform(hudson.model.AbstractBuild<?, ?> build, hudson.Launcher launcher,
                    hudson.model.BuildListener listener) throws InterruptedException, IOException {
                build.getWorkspace().child(path).write(text, "UTF-8");
                return true;
            }
        };
    }
}
