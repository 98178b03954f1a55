package io.jenkins.plugins.systemtests.jenkins.environment;

import static io.jenkins.plugins.systemtests.jenkins.support.Pipelines.await;
import static org.assertj.core.api.Assertions.assertThat;

import hudson.ExtensionList;
import hudson.model.FreeStyleProject;
import hudson.model.Queue;
import io.jenkins.plugins.systemtests.jenkins.steps.SystemTestsBuilder;
import io.jenkins.plugins.systemtests.jenkins.support.NoPluginErrors;
import java.time.Duration;
import org.jenkins.plugins.lockableresources.LockableResource;
import org.jenkins.plugins.lockableresources.LockableResourcesManager;
import org.jenkins.plugins.lockableresources.RequiredResourcesProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * A freestyle build waiting in the queue for a held test environment: the environment's resource made when the job is
 * saved (ItemListener), the queue saying why (QueueTaskDispatcher), and the wait given up after waitTimeoutMinutes
 * (PeriodicWork), with the reason on the job's page.
 */
@WithJenkins
@ExtendWith(NoPluginErrors.class)
class FreestyleEnvironmentQueueTest {
    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule rule) {
        j = rule;
    }

    @Test
    void saving_a_job_makes_the_resource_of_its_environment() throws Exception {
        FreeStyleProject project = j.createFreeStyleProject("saved");
        SystemTestsBuilder step = new SystemTestsBuilder("t/test_ok.py");
        step.setEnvironment("12");
        project.getBuildersList().add(step);
        assertThat(LockableResourcesManager.get().fromName("system-test-env-12")).isNull();

        j.configRoundtrip(project);

        assertThat(LockableResourcesManager.get().fromName("system-test-env-12")).isNotNull();
    }

    @Test
    void a_queued_build_says_who_holds_its_environment_and_gives_up_after_its_wait_timeout() throws Exception {
        FreeStyleProject project = j.createFreeStyleProject("queued");
        project.addProperty(new RequiredResourcesProperty("system-test-env-13", null, null, null));
        SystemTestsBuilder step = new SystemTestsBuilder("t/test_ok.py");
        step.setEnvironment("13");
        step.setWaitTimeoutMinutes(1);
        project.getBuildersList().add(step);
        j.configRoundtrip(project);
        LockableResource resource = LockableResourcesManager.get().fromName("system-test-env-13");
        resource.setReservedBy("lab-admin");

        project.scheduleBuild2(0);
        await(Duration.ofSeconds(30), "the build to be blocked", () -> blocked(project) != null);
        await(Duration.ofSeconds(30), "the queue to name the holder", () -> {
            Queue.Item item = blocked(project);
            return item != null && item.getWhy() != null && item.getWhy().contains("System Tests:");
        });
        String why = blocked(project).getWhy();
        assertThat(why).contains("13").contains("lab-admin");

        Thread.sleep(Duration.ofSeconds(61).toMillis()); // the shortest wait timeout there is
        ExtensionList.lookupSingleton(EnvironmentWaitTimeouts.class).doRun();

        assertThat(j.jenkins.getQueue().getItem(project)).isNull();
        assertThat(project.getLastBuild()).isNull();
        try (JenkinsRule.WebClient web = j.createWebClient()) {
            org.htmlunit.html.HtmlPage html = web.getPage(project);
            assertThat(html.asNormalizedText()).contains("gave up waiting for their test environment").contains("lab-admin")
                    .containsPattern("\\d+ (ms|sec) ago: ");
            org.htmlunit.html.DomNode when = html.querySelector(".system-tests-gave-up-waits time");
            assertThat(((org.htmlunit.html.DomElement) when).getAttribute("title"))
                    .as("the exact time on hover").matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
        }
    }

    private Queue.Item blocked(FreeStyleProject project) {
        Queue.Item item = j.jenkins.getQueue().getItem(project);
        return item != null && item.isBlocked() ? item : null;
    }
}
