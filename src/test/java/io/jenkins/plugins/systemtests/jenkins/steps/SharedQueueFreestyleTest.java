package io.jenkins.plugins.systemtests.jenkins.steps;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.FilePath;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Label;
import hudson.slaves.DumbSlave;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import io.jenkins.plugins.systemtests.jenkins.support.NoPluginErrors;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jenkins.plugins.lockableresources.LockableResourcesManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The freestyle step with several environments sharing one queue: its form field, and a build. */
@WithJenkins
@ExtendWith(NoPluginErrors.class)
class SharedQueueFreestyleTest {
    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule rule) {
        j = rule;
    }

    @Test
    void the_environments_and_the_label_survive_the_configure_form() throws Exception {
        FreeStyleProject project = j.createFreeStyleProject("form");
        SystemTestsBuilder before = new SystemTestsBuilder("t");
        before.setEnvironments("31\n32");
        before.setEnvironmentLabel("rigs");
        before.setAgentLabel("lab || rig-driver");
        project.getBuildersList().add(before);

        j.configRoundtrip(project);

        j.assertEqualDataBoundBeans(before, project.getBuildersList().get(SystemTestsBuilder.class));
    }

    @Test
    void a_freestyle_build_shares_its_tests_across_the_listed_environments_and_frees_them() throws Exception {
        FreeStyleProject project = j.createFreeStyleProject("freestyle");
        FilePath workspace = j.jenkins.getWorkspaceFor(project);
        for (int i = 0; i < 6; i++) {
            workspace.child("t/test_" + i + ".py").write("import os, time\nprint('ran on', "
                    + "os.environ['SYSTEM_TESTS_ENVIRONMENT'])\ntime.sleep(0.5)\n", "UTF-8");
        }
        SystemTestsBuilder builder = new SystemTestsBuilder("t");
        builder.setEnvironments("31, 32");
        project.getBuildersList().add(builder);

        FreeStyleBuild build = j.buildAndAssertSuccess(project);

        j.assertLogContains("System Tests: one queue across environments 31, 32", build);
        for (String resource : new String[] {"system-test-env-31", "system-test-env-32"}) {
            assertThat(LockableResourcesManager.get().getResources().stream()
                    .filter(r -> r.getName().equals(resource)).findFirst().orElseThrow().isLocked()).isFalse();
        }
        RunSummary run = SystemTestsService.get().reader().summaries().stream()
                .filter(s -> build.getUrl().equals(s.buildUrl())).findFirst().orElseThrow();
        assertThat(run.counts()).containsEntry(TestStatus.PASSED, 6);
        Set<String> rigs = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            Matcher on = Pattern.compile("ran on (\\d+)").matcher(SystemTestsService.get().reader().log(run.id(), i)
                    .orElseThrow());
            assertThat(on.find()).isTrue();
            rigs.add(on.group(1));
        }
        assertThat(rigs).containsExactlyInAnyOrder("31", "32");
        assertThat(workspace.child("system-tests-results.xml").readToString()).contains("test_5.py");
    }

    @Test
    void with_an_agent_label_the_shares_run_on_that_agent_taking_turns_for_its_one_executor() throws Exception {
        DumbSlave agent = j.createOnlineSlave(Label.get("lab"));
        FreeStyleProject project = j.createFreeStyleProject("on-agent");
        project.setAssignedLabel(j.jenkins.getSelfLabel()); // the build on the controller, its shares on the agent
        FilePath workspace = j.jenkins.getWorkspaceFor(project);
        for (int i = 0; i < 4; i++) {
            workspace.child("t/test_" + i + ".py").write("import os\nprint('ran on', os.environ['NODE_NAME'], "
                    + "os.environ['SYSTEM_TESTS_ENVIRONMENT'])\n", "UTF-8");
        }
        SystemTestsBuilder builder = new SystemTestsBuilder("t");
        builder.setEnvironments("33, 34");
        builder.setAgentLabel("lab");
        project.getBuildersList().add(builder);

        FreeStyleBuild build = j.buildAndAssertSuccess(project);

        assertThat(build.getBuiltOn()).isEqualTo(j.jenkins);
        j.assertLogContains("on an agent labelled 'lab'", build);
        RunSummary run = SystemTestsService.get().reader().summaries().stream()
                .filter(s -> build.getUrl().equals(s.buildUrl())).findFirst().orElseThrow();
        assertThat(run.counts()).containsEntry(TestStatus.PASSED, 4);
        for (int i = 0; i < 4; i++) {
            assertThat(SystemTestsService.get().reader().log(run.id(), i).orElseThrow())
                    .startsWith("ran on " + agent.getNodeName() + " 3");
        }
        assertThat(agent.toComputer().countBusy()).as("the share's executor given back").isZero();
        for (String resource : new String[] {"system-test-env-33", "system-test-env-34"}) {
            assertThat(LockableResourcesManager.get().fromName(resource).isLocked()).as(resource).isFalse();
        }
        assertThat(hudson.model.Queue.getInstance().isEmpty()).as("no share left asking for an executor").isTrue();
    }
}
