package io.jenkins.plugins.systemtests.jenkins.steps;

import static io.jenkins.plugins.systemtests.jenkins.support.Pipelines.await;
import static org.assertj.core.api.Assertions.assertThat;

import hudson.Launcher;
import hudson.model.AbstractBuild;
import hudson.model.BuildListener;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import hudson.slaves.DumbSlave;
import hudson.slaves.OfflineCause;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.core.runner.BuildRun;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsConfiguration;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import io.jenkins.plugins.systemtests.jenkins.results.AgentOfflineNotice;
import io.jenkins.plugins.systemtests.jenkins.support.NoPluginErrors;
import io.jenkins.plugins.systemtests.jenkins.support.Pipelines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jenkins.plugins.lockableresources.LockableResource;
import org.jenkins.plugins.lockableresources.LockableResourcesManager;
import org.jenkins.plugins.lockableresources.RequiredResourcesProperty;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestBuilder;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Lab faults on a real agent (a separate JVM connected by its own channel): the agent's connection breaks while the
 * tests run and comes back, or never comes back; the rig restarts, killing the runner's whole process tree.
 */
@WithJenkins
@ExtendWith(NoPluginErrors.class)
class AgentLossTest {
    private static final String PASSING = "print('checked the lamp')\n";

    private JenkinsRule j;
    @TempDir
    Path tmp;
    private Path release;

    @BeforeEach
    void setUp(JenkinsRule rule) {
        j = rule;
        release = tmp.resolve("release");
    }

    @AfterEach
    void releaseWaitingTests() throws IOException {
        if (!Files.exists(release)) {
            Files.createFile(release); // a test left waiting on the agent ends with this test
        }
    }

    /** A test that says it started, then runs until this test releases it. */
    private String waitingTest(Path started) {
        return """
                import os, pathlib, time
                pathlib.Path('%s').write_text(str(os.getpid()))
                while not pathlib.Path('%s').exists():
                    time.sleep(0.1)
                print('released')
                """.formatted(started, release);
    }

    private WorkflowJob jobOn(DumbSlave agent, String name, Map<String, String> files, String environment)
            throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class, name);
        job.setDefinition(new CpsFlowDefinition("node('" + agent.getNodeName() + "') {\n" + Pipelines.writeFiles(files)
                + "def s = systemTests tests: ['t/test_wait.py', 't/test_ok.py'], environment: '" + environment + "'\n"
                + "echo \"summary: passed=${s.passed} total=${s.total} status=${s.status}\"\n}", true));
        return job;
    }

    @Test
    void an_agent_that_drops_and_comes_back_is_waited_for_and_the_build_ends_with_every_test() throws Exception {
        DumbSlave agent = j.createOnlineSlave();
        Path started = tmp.resolve("started");
        WorkflowJob job = jobOn(agent, "comes-back", Map.of("t/test_wait.py", waitingTest(started),
                "t/test_ok.py", PASSING), "21");
        WorkflowRun build = job.scheduleBuild2(0).waitForStart();
        await(Duration.ofSeconds(90), "the first test to start on the agent", () -> Files.exists(started));
        await(Duration.ofSeconds(30), "the build to take its start", () -> recorded(build, TestStatus.RUNNING));

        agent.toComputer().disconnect(new OfflineCause.ByCLI("the lab's network blinked")).get();
        await(Duration.ofSeconds(30), "the build to say it lost contact",
                () -> log(build).contains("System Tests: lost contact with " + agent.getNodeName() + " at "));
        assertThat(build.isBuilding()).isTrue();
        assertThat(j.createWebClient().goTo(build.getUrl() + "system-tests/").asNormalizedText())
                .contains("Agent " + agent.getNodeName() + " offline since ");
        long runId = runOf(build).id();
        assertThat(offlineNoticeOfDelta(runId)).as("what the run page's poll carries, to show the notice live")
                .startsWith("Agent%20" + agent.getNodeName() + "%20offline%20since%20");
        Files.createFile(release); // the tests go on and end while the agent is away
        Thread.sleep(2000);
        agent.toComputer().connect(false).get();
        j.waitOnline(agent);

        j.assertBuildStatusSuccess(j.waitForCompletion(build));
        String log = log(build);
        assertThat(log).containsOnlyOnce("System Tests: lost contact with " + agent.getNodeName())
                .contains("the tests go on there; waiting up to 5 min for it to come back")
                .contains("System Tests: " + agent.getNodeName() + " is back after ")
                .contains("summary: passed=2 total=2 status=passed");
        assertThat(isFree("system-test-env-21")).isTrue();
        assertThat(offlineNoticeOfDelta(runId)).isNull();
    }

    @Test
    void a_freestyle_build_whose_agent_drops_and_comes_back_reads_every_test_and_ends_successfully() throws Exception {
        DumbSlave agent = j.createOnlineSlave();
        Path started = tmp.resolve("started");
        FreeStyleProject project = j.createFreeStyleProject("freestyle-comes-back");
        project.setAssignedNode(agent);
        project.addProperty(new RequiredResourcesProperty("system-test-env-24", null, null, null));
        project.getBuildersList().add(writing("t/test_wait.py", waitingTest(started)));
        project.getBuildersList().add(writing("t/test_ok.py", PASSING));
        SystemTestsBuilder step = new SystemTestsBuilder("t/test_wait.py\nt/test_ok.py");
        step.setEnvironment("24");
        project.getBuildersList().add(step);
        project.getBuildersList().add(new TestBuilder() { // a step after ours runs on the agent's new connection
            @Override
            public boolean perform(AbstractBuild<?, ?> build, Launcher launcher, BuildListener listener)
                    throws InterruptedException, IOException {
                return launcher.launch().cmds("echo", "a later step on the agent").stdout(listener).join() == 0;
            }
        });
        FreeStyleBuild build = project.scheduleBuild2(0).waitForStart();
        await(Duration.ofSeconds(90), "the first test to start on the agent", () -> Files.exists(started));

        agent.toComputer().disconnect(new OfflineCause.ByCLI("the lab's network blinked")).get();
        await(Duration.ofSeconds(30), "the build to say it lost contact",
                () -> log(build).contains("System Tests: lost contact with " + agent.getNodeName() + " at "));
        Files.createFile(release);
        Thread.sleep(2000);
        agent.toComputer().connect(false).get();
        j.waitOnline(agent);

        j.waitForCompletion(build);
        assertThat(log(build)).containsOnlyOnce("System Tests: lost contact with " + agent.getNodeName())
                .contains("System Tests: " + agent.getNodeName() + " is back after ")
                .contains("System Tests: 2 passed; JUnit XML in ")
                .contains("a later step on the agent")
                .doesNotContain("Jenkins may still fail this freestyle build at its end");
        RunSummary run = runOf(build);
        assertThat(run.ongoing()).isFalse();
        assertThat(run.counts()).containsEntry(TestStatus.PASSED, 2);
        // The later step, the publishers and core's last clean-up went through the new connection, not the broken one.
        j.assertBuildStatusSuccess(build);
        assertThat(isFree("system-test-env-24")).isTrue();
    }

    @Test
    void an_agent_that_does_not_come_back_in_time_fails_the_build_frees_the_environment_and_ends_the_run_as_error()
            throws Exception {
        SystemTestsConfiguration.get().setAgentReconnectTimeoutSeconds(3);
        DumbSlave agent = j.createOnlineSlave();
        Path started = tmp.resolve("started");
        WorkflowJob job = jobOn(agent, "gone", Map.of("t/test_wait.py", waitingTest(started), "t/test_ok.py",
                PASSING), "22");
        WorkflowRun build = job.scheduleBuild2(0).waitForStart();
        await(Duration.ofSeconds(90), "the first test to start on the agent", () -> Files.exists(started));
        await(Duration.ofSeconds(30), "the build to take its start", () -> recorded(build, TestStatus.RUNNING));

        agent.toComputer().disconnect(new OfflineCause.ByCLI("the rig lost its network")).get();

        j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(build));
        String reason = "lost contact with " + agent.getNodeName();
        j.assertLogContains("System Tests failed the build: " + reason, build);
        j.assertLogContains("and it did not come back within 3 s", build);
        assertThat(isFree("system-test-env-22")).isTrue();
        RunSummary run = runOf(build);
        assertThat(run.status()).isEqualTo(TestStatus.ERROR);
        assertThat(run.counts()).containsEntry(TestStatus.ERROR, 2);
        assertThat(SystemTestsService.get().ingestion().reader().read(run.id(), r -> r.reason(0)).orElseThrow())
                .startsWith(reason).contains("did not come back within 3 s");
    }

    @Test
    void an_abort_while_the_agent_is_away_ends_the_build_and_cancels_the_run() throws Exception {
        DumbSlave agent = j.createOnlineSlave();
        Path started = tmp.resolve("started");
        WorkflowJob job = jobOn(agent, "aborted-away", Map.of("t/test_wait.py", waitingTest(started), "t/test_ok.py",
                PASSING), "25");
        WorkflowRun build = job.scheduleBuild2(0).waitForStart();
        await(Duration.ofSeconds(90), "the first test to start on the agent", () -> Files.exists(started));
        await(Duration.ofSeconds(30), "the build to take its start", () -> recorded(build, TestStatus.RUNNING));
        agent.toComputer().disconnect(new OfflineCause.ByCLI("the rig lost its network")).get();
        await(Duration.ofSeconds(30), "the build to say it lost contact",
                () -> log(build).contains("System Tests: lost contact with " + agent.getNodeName() + " at "));

        build.doStop();

        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(build));
        j.assertLogContains("System Tests: aborted while " + agent.getNodeName() + " was out of reach", build);
        assertThat(isFree("system-test-env-25")).isTrue();
        RunSummary run = runOf(build);
        assertThat(run.ongoing()).isFalse();
        assertThat(run.counts()).containsEntry(TestStatus.CANCELLED, 2);
    }

    @Test
    void a_rig_that_restarts_killing_the_runner_and_its_tests_ends_the_build_within_a_minute() throws Exception {
        System.setProperty(JenkinsBuildRun.class.getName() + ".runnerGoneSeconds", "5");
        try {
            DumbSlave agent = j.createOnlineSlave();
            Path started = tmp.resolve("started");
            WorkflowJob job = jobOn(agent, "reboot", Map.of("t/test_wait.py", waitingTest(started), "t/test_ok.py",
                    PASSING), "23");
            WorkflowRun build = job.scheduleBuild2(0).waitForStart();
            await(Duration.ofSeconds(90), "the first test to start on the agent", () -> Files.exists(started));

            String runCookie = runCookieOn(agent);
            List<ProcessHandle> tree = ProcessHandle.allProcesses()
                    .filter(p -> environ(p).contains(BuildRun.RUN_COOKIE + "=" + runCookie)).toList();
            tree.forEach(ProcessHandle::destroyForcibly); // all at once, as the machine going down
            long killedAt = System.nanoTime();

            j.waitForCompletion(build);
            assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(Duration.ofMinutes(1));
            assertThat(tree).hasSizeGreaterThanOrEqualTo(4); // launcher, heartbeat, runner, test (and its sleeps)
            j.assertBuildStatus(Result.UNSTABLE, build); // an error makes a build unstable by default
            j.assertLogContains("System Tests: " + BuildRun.RUNNER_GONE, build);
            assertThat(isFree("system-test-env-23")).isTrue();
            RunSummary run = runOf(build);
            assertThat(run.counts()).containsEntry(TestStatus.ERROR, 2);
            assertThat(SystemTestsService.get().ingestion().reader().read(run.id(), r -> r.reason(0)).orElseThrow())
                    .isEqualTo(BuildRun.RUNNER_GONE);
        } finally {
            System.clearProperty(JenkinsBuildRun.class.getName() + ".runnerGoneSeconds");
        }
    }

    /** The agent-offline notice header of the run's delta, as the run page's poll gets it; null when none. */
    private String offlineNoticeOfDelta(long runId) throws Exception {
        return j.createWebClient().goTo("system-tests/api/v1/runs/" + runId + "/delta?since=0", "application/json")
                .getWebResponse().getResponseHeaderValue(AgentOfflineNotice.HEADER);
    }

    /** Whether nobody holds the resource (lockable-resources drops an ephemeral one once it is free). */
    private static boolean isFree(String resource) {
        LockableResource found = LockableResourcesManager.get().fromName(resource);
        return found == null || !found.isLocked();
    }

    private static TestBuilder writing(String path, String text) {
        return new TestBuilder() {
            @Override
            public boolean perform(AbstractBuild<?, ?> build, Launcher launcher, BuildListener listener)
                    throws InterruptedException, IOException {
                build.getWorkspace().child(path).write(text, "UTF-8");
                return true;
            }
        };
    }

    private static String log(hudson.model.Run<?, ?> build) {
        try {
            return build.getLog();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RunSummary runOf(hudson.model.Run<?, ?> build) throws IOException {
        return SystemTestsService.get().ingestion().reader().summaries().stream()
                .filter(s -> build.getUrl().equals(s.buildUrl())).findFirst().orElseThrow();
    }

    private static boolean recorded(WorkflowRun build, TestStatus status) {
        try {
            return SystemTestsService.get().ingestion().reader().summaries().stream()
                    .anyMatch(s -> build.getUrl().equals(s.buildUrl()) && s.counts().getOrDefault(status, 0) > 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The run's id, which names its files in the plugin's folder on the agent and is its processes' cookie. */
    private static String runCookieOn(DumbSlave agent) throws IOException {
        Path folder = Path.of(agent.getRemoteFS(), "workspace");
        try (Stream<Path> files = Files.walk(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(name -> name.startsWith("heartbeat-"))
                    .map(name -> name.substring("heartbeat-".length())).findFirst().orElseThrow();
        }
    }

    private static String environ(ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(process.pid()), "environ"),
                    StandardCharsets.ISO_8859_1).replace('\0', '\n');
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
