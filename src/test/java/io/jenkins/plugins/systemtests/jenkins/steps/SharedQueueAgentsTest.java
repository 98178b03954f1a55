package io.jenkins.plugins.systemtests.jenkins.steps;

import static io.jenkins.plugins.systemtests.jenkins.support.Pipelines.await;
import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Computer;
import hudson.model.Label;
import hudson.model.Queue;
import hudson.model.Result;
import hudson.slaves.DumbSlave;
import hudson.slaves.OfflineCause;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsConfiguration;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import io.jenkins.plugins.systemtests.jenkins.support.NoPluginErrors;
import io.jenkins.plugins.systemtests.jenkins.support.Pipelines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jenkins.plugins.lockableresources.LockableResourcesManager;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * {@code agentLabel}: each environment's share of one queue runs on an agent with the label (real agent JVMs), holding
 * an executor there and its own workspace, into which the build's workspace is copied; an agent lost mid-run gives its
 * share's tests back to the others.
 */
@WithJenkins
@ExtendWith(NoPluginErrors.class)
class SharedQueueAgentsTest {
    private static final Pattern WHERE = Pattern.compile("ran on ([^|]+)\\|environment ([^|]+)\\|in ([^|]+)\\|data=(\\S+)");

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
            Files.createFile(release); // a test left waiting on a lost agent ends with this test
        }
    }

    /** A test that says where it ran (agent, environment, folder) and reads a data file beside it (a script runs in its folder). */
    private static String quickTest(double seconds) {
        return """
                import os, time
                data = open('data.txt').read().strip()
                print('ran on %%s|environment %%s|in %%s|data=%%s' %% (os.environ['NODE_NAME'],
                      os.environ['SYSTEM_TESTS_ENVIRONMENT'], os.getcwd(), data))
                time.sleep(%s)
                """.formatted(seconds);
    }

    private WorkflowJob job(String name, Map<String, String> files, String environments) throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class, name);
        // The build itself runs on the controller; its shares go to the agents labelled lab.
        job.setDefinition(new CpsFlowDefinition("node('built-in') {\n" + Pipelines.writeFiles(files)
                + "def s = systemTests tests: ['t'], environments: [" + environments + "], agentLabel: 'lab'\n"
                + "echo \"summary: passed=${s.passed} error=${s.error} total=${s.total}\"\n}", true));
        return job;
    }

    @Test
    void each_share_runs_on_an_agent_with_the_label_in_a_workspace_of_its_own_with_the_builds_files() throws Exception {
        DumbSlave first = j.createOnlineSlave(Label.get("lab"));
        DumbSlave second = j.createOnlineSlave(Label.get("lab"));
        j.createOnlineSlave(Label.get("elsewhere")); // not labelled: never used
        Map<String, String> files = new LinkedHashMap<>();
        files.put("t/data.txt", "from-the-checkout\n");
        for (int i = 0; i < 8; i++) {
            files.put(String.format("t/test_%02d.py", i), quickTest(0.7));
        }
        WorkflowJob job = job("on-agents", files, "'41', '42'");

        WorkflowRun build = j.buildAndAssertSuccess(job);

        j.assertLogContains("summary: passed=8 error=0 total=8", build);
        j.assertLogContains("its share waits for an executor on an agent labelled 'lab'", build);
        long runId = runId(build);
        Map<String, String> agentOfEnvironment = new HashMap<>();
        String buildWorkspace = j.jenkins.getWorkspaceFor(job).getRemote();
        for (int i = 0; i < 8; i++) {
            Matcher where = WHERE.matcher(SystemTestsService.get().reader().log(runId, i).orElseThrow());
            assertThat(where.find()).as("test %d says where it ran", i).isTrue();
            assertThat(where.group(4)).as("the build's files are there").isEqualTo("from-the-checkout");
            DumbSlave agent = (DumbSlave) j.jenkins.getNode(where.group(1));
            assertThat(where.group(3)).as("a workspace of its own on its agent, not the build's")
                    .startsWith(agent.getRemoteFS()).doesNotStartWith(buildWorkspace + "/");
            String before = agentOfEnvironment.putIfAbsent(where.group(2), where.group(1));
            assertThat(before == null || before.equals(where.group(1)))
                    .as("environment %s's share stays on one agent", where.group(2)).isTrue();
        }
        assertThat(agentOfEnvironment).as("both environments ran tests, each on a lab agent of its own")
                .containsOnlyKeys("41", "42");
        assertThat(agentOfEnvironment.values()).containsExactlyInAnyOrder(first.getNodeName(), second.getNodeName());
        await(Duration.ofSeconds(10), "the shares' executors to be given back",
                () -> busyExecutors(first) + busyExecutors(second) == 0 && Queue.getInstance().isEmpty());
        assertThat(LockableResourcesManager.get().fromName("system-test-env-41").isLocked()).isFalse();
        assertThat(LockableResourcesManager.get().fromName("system-test-env-42").isLocked()).isFalse();
        String junit = j.jenkins.getWorkspaceFor(job).child("system-tests-results.xml").readToString();
        assertThat(junit.split("<testcase ", -1)).as("one JUnit XML in the build's workspace").hasSize(9);
        assertThat(SystemTestsService.get().reader().read(runId, run -> run.test(7).filePath()).orElseThrow())
                .as("each test named as in the build's workspace, whichever agent ran it")
                .isEqualTo(buildWorkspace + "/t");

        WorkflowRun next = j.buildAndAssertSuccess(job);

        j.assertLogContains("8 tests in 8 units, longest first across 2 environments (8 of 8 tests timed by past runs)",
                next);
    }

    @Test
    void an_agent_lost_mid_run_gives_its_tests_to_the_other_environment_and_the_run_completes() throws Exception {
        SystemTestsConfiguration.get().setAgentReconnectTimeoutSeconds(3);
        DumbSlave first = j.createOnlineSlave(Label.get("lab"));
        DumbSlave second = j.createOnlineSlave(Label.get("lab"));
        Path started = tmp.resolve("started");
        Map<String, String> files = new LinkedHashMap<>();
        files.put("t/data.txt", "x\n");
        // The first test in plan order (no history yet) runs until released on whichever agent takes it first.
        files.put("t/test_00_hold.py", """
                import os, pathlib, time
                started = pathlib.Path('%s')
                if not started.exists():
                    started.write_text(os.environ['NODE_NAME'])
                    while not pathlib.Path('%s').exists():
                        time.sleep(0.1)
                """.formatted(started, release));
        for (int i = 1; i <= 6; i++) {
            files.put(String.format("t/test_%02d.py", i), quickTest(0.3));
        }
        WorkflowJob job = job("lost-agent", files, "'43', '44'");
        WorkflowRun build = job.scheduleBuild2(0).waitForStart();
        await(Duration.ofSeconds(120), "the holding test to start on an agent", () -> Files.exists(started));
        await(Duration.ofSeconds(30), "the build to take its start", () -> running(build));
        String lostNode = Files.readString(started);
        DumbSlave lost = lostNode.equals(first.getNodeName()) ? first : second;
        DumbSlave kept = lost == first ? second : first;

        lost.toComputer().disconnect(new OfflineCause.ByCLI("the rig's agent lost its network")).get();

        j.assertBuildStatus(Result.UNSTABLE, j.waitForCompletion(build));
        j.assertLogContains("summary: passed=6 error=1 total=7", build);
        String log = JenkinsRule.getLog(build);
        assertThat(log).contains("was out of reach for 3 s").contains("its tests not started go back to the queue");
        long runId = runId(build);
        RunSummary summary = SystemTestsService.get().reader().summary(runId).orElseThrow();
        assertThat(summary.counts()).containsEntry(TestStatus.PASSED, 6).containsEntry(TestStatus.ERROR, 1);
        int hold = 0; // plan order: test_00_hold first
        assertThat(SystemTestsService.get().reader().read(runId, run -> run.reason(hold)).orElseThrow())
                .as("the test running there ends error, with the reason").contains("out of reach");
        for (int i = 1; i <= 6; i++) {
            Matcher where = WHERE.matcher(SystemTestsService.get().reader().log(runId, i).orElseThrow());
            assertThat(where.find()).isTrue();
            if (!where.group(1).equals(kept.getNodeName())) {
                assertThat(where.group(1)).as("only tests that ended before the loss ran on the lost agent")
                        .isEqualTo(lostNode);
            }
        }
        String junit = j.jenkins.getWorkspaceFor(job).child("system-tests-results.xml").readToString();
        assertThat(junit.split("<testcase ", -1)).as("every test in the one JUnit XML, the lost agent's too").hasSize(8);
        assertThat(junit).contains("out of reach for 3 s");
        await(Duration.ofSeconds(10), "the kept agent's executor to be given back", () -> busyExecutors(kept) == 0);
        assertThat(LockableResourcesManager.get().fromName("system-test-env-43").isLocked()).isFalse();
        assertThat(LockableResourcesManager.get().fromName("system-test-env-44").isLocked()).isFalse();
    }

    @Test
    void shares_waiting_for_an_agent_say_why_and_an_abort_frees_their_environments_and_executor_requests()
            throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class, "nowhere");
        job.setDefinition(new CpsFlowDefinition("node('built-in') {\n" + Pipelines.writeFiles(Map.of("t/test_a.py",
                "pass\n")) + "systemTests tests: ['t'], environments: ['47', '48'], agentLabel: 'nowhere'\n}", true));
        WorkflowRun build = job.scheduleBuild2(0).waitForStart();
        await(Duration.ofSeconds(60), "both shares to say why they wait", () -> {
            String log = logOf(build);
            return log.contains("environment 47's share waits: ") && log.contains("environment 48's share waits: ");
        });
        assertThat(logOf(build)).as("in the queue's own words").contains("nowhere");
        assertThat(LockableResourcesManager.get().fromName("system-test-env-47").isLocked()).isTrue();
        assertThat(shareRequests()).as("each share asks for an executor, listed in the build queue").isEqualTo(2);

        build.doStop();

        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(build));
        assertThat(LockableResourcesManager.get().fromName("system-test-env-47").isLocked()).isFalse();
        assertThat(LockableResourcesManager.get().fromName("system-test-env-48").isLocked()).isFalse();
        await(Duration.ofSeconds(10), "the requests to be withdrawn", () -> shareRequests() == 0);
    }

    /** The shares' executor requests as Jenkins' queue lists them (to whoever may read the build). */
    private static long shareRequests() {
        return java.util.Arrays.stream(Queue.getInstance().getItems())
                .filter(item -> item.task instanceof ShareExecutorTask).count();
    }

    private static String logOf(WorkflowRun build) {
        try {
            return JenkinsRule.getLog(build);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void agent_label_without_several_environments_is_refused_naming_the_parameter() throws Exception {
        WorkflowJob job = Pipelines.job(j, "one-env", Map.of("t/test_a.py", "pass\n"),
                "runSystemTests tests: 't', agentLabel: 'lab'");
        WorkflowRun build = j.buildAndAssertStatus(Result.FAILURE, job);
        j.assertLogContains("runSystemTests: agentLabel is for several environments", build);
        WorkflowJob bad = Pipelines.job(j, "bad-label", Map.of("t/test_a.py", "pass\n"),
                "runSystemTests tests: 't', environments: ['45', '46'], agentLabel: 'lab &&'");
        j.assertLogContains("agentLabel 'lab &&' is not a label expression", j.buildAndAssertStatus(Result.FAILURE, bad));
    }

    private static boolean running(WorkflowRun build) {
        try {
            return SystemTestsService.get().reader().summaries().stream().anyMatch(s -> build.getUrl()
                    .equals(s.buildUrl()) && s.counts().getOrDefault(TestStatus.RUNNING, 0) > 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int busyExecutors(DumbSlave agent) {
        Computer computer = agent.toComputer();
        return computer == null ? 0 : computer.countBusy();
    }

    private static long runId(WorkflowRun build) throws IOException {
        List<RunSummary> runs = SystemTestsService.get().reader().summaries().stream()
                .filter(s -> build.getUrl().equals(s.buildUrl())).toList();
        assertThat(runs).as("the build's one run").hasSize(1);
        return runs.get(0).id();
    }
}
