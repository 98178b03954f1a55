package io.jenkins.plugins.systemtests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.systemtests.core.json.Json;
import io.jenkins.plugins.systemtests.core.runner.BuildRun;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lab faults with a real SSH agent, as labs run them: a permanent node {@code lab-1} launched by the ssh-slaves plugin
 * through an OpenSSH server of the test's own on 127.0.0.1, with an SSH key credential. Its remoting process is killed
 * in the middle of a run and the agent relaunched (Pipeline and freestyle: every test is read, the build ends
 * SUCCESS); the rig "reboots" (the runner's whole process tree killed, the agent kept); one of two agents running a
 * shared queue's shares ({@code agentLabel}) is killed (its tests go to the other, the run completes); the agent never
 * comes back (the build fails saying so, its environment is free). The times measured are printed and written to
 * {@code target/e2e-ssh-figures.json} (docs/reliability.md).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(NoPluginProblemsInLog.class)
class SshAgentEndToEndTest {
    private static final String AGENT = "lab-1";
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(3);
    /** The test that outlives the agent's connection: long enough to kill the agent and relaunch it meanwhile. */
    private static final String LONG_TEST = "import time\\ntime.sleep(20)\\nprint('outlived the agent')\\n";

    @TempDir
    static Path scratch;

    private static RealJenkins jenkins;
    private static LoopbackSshd sshd;
    private static Path remoteFs;
    private static final Map<String, Object> FIGURES = new LinkedHashMap<>();

    @BeforeAll
    static void startAnSshAgent() throws Exception {
        jenkins = RealJenkins.shared();
        sshd = LoopbackSshd.start(Files.createDirectories(scratch.resolve("sshd")));
        remoteFs = Files.createDirectories(scratch.resolve("agent"));
        long start = System.nanoTime();
        script("""
                import com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey
                import com.cloudbees.plugins.credentials.CredentialsScope
                import com.cloudbees.plugins.credentials.SystemCredentialsProvider
                import hudson.plugins.sshslaves.SSHLauncher
                import hudson.plugins.sshslaves.verifiers.NonVerifyingKeyVerificationStrategy
                import hudson.slaves.DumbSlave
                import hudson.slaves.RetentionStrategy
                import jenkins.model.Jenkins

                def store = SystemCredentialsProvider.instance
                store.credentials.removeIf { it.id == 'lab-1-ssh' }
                store.credentials.add(new BasicSSHUserPrivateKey(CredentialsScope.GLOBAL, 'lab-1-ssh', '%s',
                        new BasicSSHUserPrivateKey.DirectEntryPrivateKeySource('''%s'''), null, 'lab-1 (e2e)'))
                store.save()
                def launcher = new SSHLauncher('127.0.0.1', %d, 'lab-1-ssh')
                launcher.javaPath = '%s'
                launcher.sshHostKeyVerificationStrategy = new NonVerifyingKeyVerificationStrategy()
                launcher.launchTimeoutSeconds = 120
                launcher.maxNumRetries = 3
                launcher.retryWaitTime = 3
                def node = new DumbSlave('lab-1', '%s', launcher)
                node.numExecutors = 2
                node.labelString = 'ssh-lab'
                node.retentionStrategy = new RetentionStrategy.Always()
                Jenkins.get().addNode(node)
                println 'lab-1 added'
                """.formatted(System.getProperty("user.name"), sshd.privateKey(), sshd.port,
                Path.of(System.getProperty("java.home"), "bin", "java"), remoteFs));
        awaitThat(Duration.ofMinutes(2), AGENT + " to come online over SSH", SshAgentEndToEndTest::online);
        FIGURES.put("firstSshLaunchSeconds", seconds(System.nanoTime() - start));
    }

    @AfterAll
    static void removeTheAgent() throws Exception {
        if (jenkins == null) {
            return;
        }
        try {
            script("""
                    import jenkins.model.Jenkins
                    ['lab-1', 'lab-2'].each { name ->
                        def node = Jenkins.get().getNode(name)
                        if (node != null) { Jenkins.get().removeNode(node) }
                    }
                    io.jenkins.plugins.systemtests.jenkins.SystemTestsConfiguration.get().agentReconnectTimeoutSeconds = 300
                    println 'lab-1 removed'
                    """);
        } finally {
            if (sshd != null) {
                sshd.stop();
            }
            endProcessesUnder(remoteFs);
            endProcessesUnder(scratch.resolve("agent-2"));
        }
        String figures = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(FIGURES);
        System.out.println("SSH agent faults, measured on a real Jenkins (seconds):\n" + figures);
        Files.writeString(RealJenkins.BASEDIR.resolve("target/e2e-ssh-figures.json"), figures);
    }

    @Test
    @Order(1)
    void a_pipeline_build_whose_ssh_agent_process_is_killed_and_relaunched_ends_successfully_with_every_test()
            throws Exception {
        jenkins.createJob("ssh-pipeline", RealJenkins.pipelineConfig("""
                node('lab-1') {
                  writeFile file: 't/test_long.py', text: "%s"
                  writeFile file: 't/test_next.py', text: "print('next')\\n"
                  def s = systemTests tests: ['t/test_long.py', 't/test_next.py'], environment: '61'
                  echo "summary passed=${s.passed} total=${s.total}"
                }
                """.formatted(LONG_TEST)));
        int number = jenkins.startBuild("ssh-pipeline", Duration.ofMinutes(2));

        Map<String, Object> times = dropAndRelaunch("ssh-pipeline", number, true);

        JsonNode result = jenkins.awaitResult("ssh-pipeline", number, BUILD_TIMEOUT);
        String console = console("ssh-pipeline", number);
        assertThat(result.path("result").asText()).as(console).isEqualTo("SUCCESS");
        assertThat(console).containsOnlyOnce("System Tests: lost contact with lab-1")
                .contains("the tests go on there; waiting up to 5 min for it to come back",
                        "System Tests: lab-1 is back after ", "PASSED  t/test_long.py", "PASSED  t/test_next.py",
                        "summary passed=2 total=2");
        FIGURES.put("pipeline", times);
    }

    @Test
    @Order(2)
    void a_freestyle_build_whose_ssh_agent_process_is_killed_and_relaunched_ends_successfully_with_every_test()
            throws Exception {
        String config = RealJenkins.freestyleConfig("62", "t/test_long.py", LONG_TEST, "")
                .replace("<properties>", "<assignedNode>lab-1</assignedNode>\n  <canRoam>false</canRoam>\n  <properties>")
                .replace("</io.jenkins.plugins.systemtests.jenkins.steps.SystemTestsBuilder>",
                        "</io.jenkins.plugins.systemtests.jenkins.steps.SystemTestsBuilder>\n"
                                + "<hudson.tasks.Shell><command>echo a later step on $NODE_NAME</command></hudson.tasks.Shell>");
        jenkins.createJob("ssh-freestyle", config);
        int number = jenkins.startBuild("ssh-freestyle", Duration.ofMinutes(2));

        Map<String, Object> times = dropAndRelaunch("ssh-freestyle", number, false);

        JsonNode result = jenkins.awaitResult("ssh-freestyle", number, BUILD_TIMEOUT);
        String console = console("ssh-freestyle", number);
        assertThat(result.path("result").asText()).as(console).isEqualTo("SUCCESS");
        assertThat(console).containsOnlyOnce("System Tests: lost contact with lab-1")
                .contains("System Tests: lab-1 is back after ", "PASSED  t/test_long.py", "System Tests: 1 passed",
                        "a later step on lab-1")
                .doesNotContain("Jenkins may still fail this freestyle build");
        FIGURES.put("freestyle", times);
    }

    @Test
    @Order(3)
    void a_rig_that_reboots_killing_the_runner_tree_ends_the_build_within_a_minute_and_frees_the_environment()
            throws Exception {
        jenkins.createJob("ssh-reboot", RealJenkins.pipelineConfig("""
                node('lab-1') {
                  writeFile file: 't/test_hangs.py', text: "import time\\ntime.sleep(120)\\n"
                  writeFile file: 't/test_next.py', text: "print('next')\\n"
                  systemTests tests: ['t/test_hangs.py', 't/test_next.py'], environment: '63'
                }
                """));
        int number = jenkins.startBuild("ssh-reboot", Duration.ofMinutes(2));
        awaitConsole("ssh-reboot", number, "START   t/test_hangs.py");

        String cookie = runCookie("ssh-reboot");
        List<ProcessHandle> tree = ProcessHandle.allProcesses()
                .filter(p -> environ(p).contains(BuildRun.RUN_COOKIE + "=" + cookie)).toList();
        assertThat(tree).as("launcher, heartbeat, runner, test").hasSizeGreaterThanOrEqualTo(4);
        assertThat(tree).as("the agent itself is not part of the run's tree").noneMatch(SshAgentEndToEndTest::isRemoting);
        tree.forEach(ProcessHandle::destroyForcibly); // all at once, as the machine going down
        long killedAt = System.nanoTime();

        JsonNode result = jenkins.awaitResult("ssh-reboot", number, Duration.ofMinutes(2));
        double ended = seconds(System.nanoTime() - killedAt);
        String console = console("ssh-reboot", number);
        assertThat(ended).as("seconds from the kill to the build's end").isLessThan(60);
        assertThat(result.path("result").asText()).as(console).isEqualTo("UNSTABLE"); // an error: unstable by default
        assertThat(console).contains("System Tests: " + BuildRun.RUNNER_GONE);
        assertThat(reasons("ssh-reboot", number)).as("the running test, then the one that never ran")
                .containsExactly(BuildRun.RUNNER_GONE, "not run: " + BuildRun.RUNNER_GONE);
        assertThat(online()).as("the agent stayed").isTrue();
        FIGURES.put("rigReboot", Map.of("killToBuildEnd", ended));

        assertThat(nextBuildFor("63")).as("a next build for the environment").isEqualTo("SUCCESS");
    }

    @Test
    @Order(4)
    void a_shared_queue_whose_ssh_agent_is_lost_runs_its_tests_on_the_other_agent_and_completes() throws Exception {
        Path secondFs = Files.createDirectories(scratch.resolve("agent-2"));
        script("""
                import hudson.plugins.sshslaves.SSHLauncher
                import hudson.plugins.sshslaves.verifiers.NonVerifyingKeyVerificationStrategy
                import hudson.slaves.DumbSlave
                import hudson.slaves.RetentionStrategy
                import jenkins.model.Jenkins

                def first = Jenkins.get().getNode('lab-1')
                first.numExecutors = 1
                first.labelString = 'ssh-lab ssh-rig'
                Jenkins.get().updateNode(first)
                def launcher = new SSHLauncher('127.0.0.1', %d, 'lab-1-ssh')
                launcher.javaPath = '%s'
                launcher.sshHostKeyVerificationStrategy = new NonVerifyingKeyVerificationStrategy()
                launcher.launchTimeoutSeconds = 120
                def node = new DumbSlave('lab-2', '%s', launcher)
                node.numExecutors = 1
                node.labelString = 'ssh-rig'
                node.retentionStrategy = new RetentionStrategy.Always()
                Jenkins.get().addNode(node)
                io.jenkins.plugins.systemtests.jenkins.SystemTestsConfiguration.get().agentReconnectTimeoutSeconds = 15
                println 'lab-2 added'
                """.formatted(sshd.port, Path.of(System.getProperty("java.home"), "bin", "java"), secondFs));
        awaitThat(Duration.ofMinutes(2), "lab-2 to come online over SSH", () -> online("lab-2"));
        awaitThat(Duration.ofMinutes(2), AGENT + " to be online", SshAgentEndToEndTest::online);
        // The checkout, in the build's workspace on the controller: the shares get it copied to their agents. The
        // first test lab-2 runs holds it until released (or 2 min): lab-2 is the agent that is lost.
        Path tests = Files.createDirectories(jenkins.home.resolve("workspace/ssh-shared/t"));
        Path started = scratch.resolve("hold-started");
        Path release = scratch.resolve("hold-release");
        for (int i = 0; i < 7; i++) {
            Files.writeString(tests.resolve("test_0" + i + ".py"), """
                    import os, pathlib, time
                    print('ran on', os.environ['NODE_NAME'])
                    started = pathlib.Path('%s')
                    if os.environ['NODE_NAME'] == 'lab-2' and not started.exists():
                        started.write_text(os.path.basename(__file__))
                        end = time.time() + 120
                        while not pathlib.Path('%s').exists() and time.time() < end:
                            time.sleep(0.2)
                    else:
                        time.sleep(0.5)
                    """.formatted(started, release));
        }
        jenkins.createJob("ssh-shared", RealJenkins.pipelineConfig("""
                node('built-in') {
                  def s = systemTests tests: ['t'], environments: ['65', '66'], agentLabel: 'ssh-rig'
                  echo "summary passed=${s.passed} error=${s.error} total=${s.total}"
                }
                """));
        int number = jenkins.startBuild("ssh-shared", Duration.ofMinutes(2));
        awaitThat(Duration.ofMinutes(2), "a test to hold lab-2", () -> Files.exists(started));
        awaitThat(Duration.ofSeconds(60), "the build to record its start", () -> {
            try {
                return run("ssh-shared", number).path("counts").path("running").asInt() > 0;
            } catch (Exception e) {
                return false;
            }
        });
        // The machine is gone for good: its JVM dies, and the node is removed at once, as a cloud agent's would be
        // (left in place, Jenkins' own retention reconnects it within seconds; that is the agent coming back).
        long killedAt = killRemoting(secondFs);
        script("""
                import jenkins.model.Jenkins
                Jenkins.get().removeNode(Jenkins.get().getNode('lab-2'))
                println 'lab-2 gone'
                """);

        JsonNode result = jenkins.awaitResult("ssh-shared", number, Duration.ofMinutes(3));
        double ended = seconds(System.nanoTime() - killedAt);
        String console = console("ssh-shared", number);
        assertThat(result.path("result").asText()).as(console).isEqualTo("UNSTABLE"); // the lost test's error
        assertThat(console).contains("runs on lab-1 in ", "runs on lab-2 in ")
                .contains("was out of reach for 15 s", "its tests not started go back to the queue")
                .contains("summary passed=6 error=1 total=7");
        assertThat(reasons("ssh-shared", number)).as("the test running on the lost agent, once")
                .singleElement().satisfies(reason -> assertThat(reason).contains("out of reach"));
        String junit = Files.readString(jenkins.home.resolve("workspace/ssh-shared/system-tests-results.xml"));
        assertThat(junit.split("<testcase ", -1)).as("every test in the one JUnit XML, the lost agent's too").hasSize(8);
        FIGURES.put("sharedQueueAgentLost", Map.of("killToBuildEnd", ended, "limit", 15.0));

        Files.writeString(release, "done");
        awaitThat(Duration.ofMinutes(1), AGENT + " online for the next scenario", SshAgentEndToEndTest::online);
        endProcessesUnder(secondFs);
    }

    @Test
    @Order(5)
    void an_agent_that_never_comes_back_fails_the_build_saying_so_frees_the_environment_and_errors_unfinished_tests()
            throws Exception {
        script("""
                io.jenkins.plugins.systemtests.jenkins.SystemTestsConfiguration.get().agentReconnectTimeoutSeconds = 15
                println 'wait 15 s'
                """);
        jenkins.createJob("ssh-gone", RealJenkins.pipelineConfig("""
                node('lab-1') {
                  writeFile file: 't/test_long.py', text: "%s"
                  writeFile file: 't/test_next.py', text: "print('next')\\n"
                  systemTests tests: ['t/test_long.py', 't/test_next.py'], environment: '64'
                }
                """.formatted(LONG_TEST)));
        int number = jenkins.startBuild("ssh-gone", Duration.ofMinutes(2));
        awaitConsole("ssh-gone", number, "START   t/test_long.py");

        sshd.stop(); // the machine is gone: no new connection
        long killedAt = killRemoting();
        awaitConsole("ssh-gone", number, "System Tests: lost contact with lab-1 at ");
        double noticed = seconds(System.nanoTime() - killedAt);

        JsonNode result = jenkins.awaitResult("ssh-gone", number, Duration.ofMinutes(2));
        double ended = seconds(System.nanoTime() - killedAt);
        String console = console("ssh-gone", number);
        assertThat(result.path("result").asText()).as(console).isEqualTo("FAILURE");
        assertThat(console).containsOnlyOnce("the tests go on there; waiting up to 15 s for it to come back")
                .contains("System Tests failed the build: lost contact with lab-1 at ",
                        "and it did not come back within 15 s")
                .doesNotContain("is back after");
        assertThat(reasons("ssh-gone", number)).hasSize(2).allSatisfy(reason -> assertThat(reason)
                .contains("lost contact with lab-1 at ").endsWith("did not come back within 15 s"));
        assertThat(runStatus("ssh-gone", number)).isEqualTo("error");
        FIGURES.put("agentGone", Map.of("killToLostContactLine", noticed, "killToBuildEnd", ended, "limit", 15.0));

        assertThat(nextBuildFor("64")).as("a next build for the environment, on the built-in node").isEqualTo("SUCCESS");
    }

    /**
     * Waits for the first test to start, kills the agent's remoting process, checks the build waits (console once,
     * run page and its live poll), relaunches the agent as an administrator would, and waits for the build to read on.
     * With {@code inBrowser}, the run page is open in Chromium meanwhile and must show the notice and hide it again
     * without a reload. Returns the times measured, in seconds from the kill.
     */
    private static Map<String, Object> dropAndRelaunch(String job, int number, boolean inBrowser) throws Exception {
        awaitConsole(job, number, "START   t/test_long.py");
        Process browser = inBrowser ? openInBrowser("job/" + job + "/" + number + "/system-tests/") : null;
        long killedAt = killRemoting();

        awaitConsole(job, number, "System Tests: lost contact with lab-1 at ");
        double noticed = seconds(System.nanoTime() - killedAt);
        String page = jenkins.get("reader", "job/" + job + "/" + number + "/system-tests/").body();
        assertThat(noticeTag(page)).as("the run page's notice while the agent is away").doesNotContain("hidden");
        assertThat(page).contains("Agent lab-1 offline since ");
        HttpResponse<String> delta = jenkins.get("reader", "system-tests/api/v1/runs/" + runId(job, number)
                + "/delta?since=0");
        assertThat(delta.headers().firstValue("X-System-Tests-Agent-Offline")).as("what the page's live poll carries")
                .hasValueSatisfying(notice -> assertThat(notice).startsWith(
                        URLEncoder.encode("Agent lab-1 offline since ", StandardCharsets.UTF_8).replace("+", "%20")));

        awaitThat(Duration.ofMinutes(1), AGENT + " to be seen offline", () -> !online());
        HttpResponse<String> relaunch = jenkins.post("admin", "computer/" + AGENT + "/launchSlaveAgent", null,
                new byte[0]);
        assertThat(relaunch.statusCode()).as(relaunch.body()).isIn(200, 302);
        awaitThat(Duration.ofMinutes(2), AGENT + " to come back online", SshAgentEndToEndTest::online);
        double online = seconds(System.nanoTime() - killedAt);
        awaitConsole(job, number, "System Tests: lab-1 is back after ");
        double readsOn = seconds(System.nanoTime() - killedAt);
        assertThat(jenkins.get("reader", "system-tests/api/v1/runs/" + runId(job, number) + "/delta?since=0").headers()
                .firstValue("X-System-Tests-Agent-Offline")).as("the notice is gone from the live poll").isEmpty();
        assertThat(noticeTag(jenkins.get("reader", "job/" + job + "/" + number + "/system-tests/").body()))
                .as("the run page's notice once the agent is back").contains("hidden");
        Map<String, Object> times = new LinkedHashMap<>();
        if (browser != null) {
            times.put("browser", browserReport(browser));
        }
        times.put("killToLostContactLine", noticed);
        times.put("killToAgentOnlineAgain", online);
        times.put("killToBuildReadingOn", readsOn);
        times.put("agentOnlineToBuildReadingOn", Math.round((readsOn - online) * 10) / 10.0);
        return times;
    }

    /**
     * Opens the page in Chromium (browser/agent-offline.js) and returns once it follows the build; null without
     * Chromium or puppeteer-core, unless the suite is required (CI).
     */
    private static Process openInBrowser(String pagePath) throws Exception {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        if (!Files.isExecutable(chromium)
                || !Files.isDirectory(RealJenkins.BASEDIR.resolve("src/test/js/node_modules/puppeteer-core"))) {
            assertThat(Boolean.getBoolean("systemtests.e2e.required"))
                    .as("Chromium and puppeteer-core (npm ci --prefix src/test/js) for the live notice").isFalse();
            return null;
        }
        Path config = scratch.resolve("agent-offline-browser.json");
        Files.writeString(config, Json.MAPPER.writeValueAsString(Map.of("url", jenkins.url, "user", "reader",
                "password", "reader-password-e2e", "path", pagePath,
                "screenshots", RealJenkins.BASEDIR.resolve("target/e2e-screenshots").toString())));
        Process node = new ProcessBuilder("node", "browser/agent-offline.js",
                scratch.resolve("agent-offline-report.json").toString(), config.toString())
                .directory(RealJenkins.BASEDIR.resolve("src/test/js").toFile()).redirectErrorStream(true).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        String line;
        StringBuilder seen = new StringBuilder();
        while ((line = output.readLine()) != null && !line.equals("opened")) {
            seen.append(line).append('\n');
        }
        assertThat(line).as("the browser opened the page: " + seen).isEqualTo("opened");
        return node;
    }

    /** What the browser saw: the notice shown while the agent was away, hidden once back, in the same document. */
    private static JsonNode browserReport(Process node) throws Exception {
        String rest = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(3, TimeUnit.MINUTES)).as(rest).isTrue();
        JsonNode report = Json.MAPPER.readTree(scratch.resolve("agent-offline-report.json").toFile());
        assertThat(report.path("problems")).as(report.toPrettyString() + rest).isEmpty();
        assertThat(report.path("hiddenWhenOpened").asBoolean()).as("no notice while the agent answered").isTrue();
        assertThat(report.path("text").asText()).startsWith("Agent lab-1 offline since ");
        assertThat(report.path("sameDocument").asBoolean()).as("shown and hidden without a reload").isTrue();
        assertThat(node.exitValue()).as(rest).isZero();
        return report;
    }

    /** The opening tag of the run page's agent-offline notice (always there; hidden while the agent answers). */
    private static String noticeTag(String page) {
        Matcher tag = Pattern.compile("<div[^>]*data-system-tests-agent-offline[^>]*>")
                .matcher(page);
        assertThat(tag.find()).as("the notice on the run page").isTrue();
        return tag.group();
    }

    /** Kills the agent's remoting JVM (only that PID) as a crash would, and returns when it has gone. */
    private static long killRemoting() throws Exception {
        return killRemoting(remoteFs);
    }

    private static long killRemoting(Path agentFs) throws Exception {
        List<ProcessHandle> remoting = ProcessHandle.allProcesses().filter(p -> isRemoting(p, agentFs)).toList();
        assertThat(remoting).as("the agent's remoting process under " + agentFs).hasSize(1);
        ProcessHandle agent = remoting.get(0);
        agent.destroyForcibly();
        long killedAt = System.nanoTime();
        agent.onExit().get(30, TimeUnit.SECONDS);
        return killedAt;
    }

    /** The agent's JVM: java running remoting.jar with its work folder in the node's remote FS. */
    private static boolean isRemoting(ProcessHandle process) {
        return isRemoting(process, remoteFs);
    }

    private static boolean isRemoting(ProcessHandle process, Path agentFs) {
        Optional<String> command = process.info().command();
        String line = process.info().commandLine().orElse("");
        return command.isPresent() && command.get().endsWith("/java") && line.contains("remoting.jar")
                && line.contains(agentFs + "/");
    }

    /** A next build that needs the environment, on any node (the built-in one when lab-1 is gone): its result. */
    private static String nextBuildFor(String environment) throws Exception {
        String job = "ssh-next-" + environment;
        jenkins.createJob(job, RealJenkins.pipelineConfig("""
                node {
                  writeFile file: 't/test_ok.py', text: "print('ok')\\n"
                  systemTests tests: 't/test_ok.py', environment: '%s'
                }
                """.formatted(environment)));
        int number = jenkins.startBuild(job, Duration.ofMinutes(1));
        return jenkins.awaitResult(job, number, Duration.ofMinutes(2)).path("result").asText();
    }

    private static boolean online() {
        return online(AGENT);
    }

    private static boolean online(String agent) {
        try {
            HttpResponse<String> computer = jenkins.get("admin", "computer/" + agent + "/api/json?tree=offline");
            return computer.statusCode() == 200
                    && !Json.MAPPER.readTree(computer.body()).path("offline").asBoolean(true);
        } catch (Exception e) {
            return false;
        }
    }

    /** Runs a Groovy script as an administrator (the script console's HTTP form) and returns what it printed. */
    private static String script(String groovy) throws Exception {
        HttpResponse<String> answer = jenkins.post("admin", "scriptText", "application/x-www-form-urlencoded",
                ("script=" + URLEncoder.encode(groovy, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).as("the script's output").doesNotContain("Exception");
        return answer.body();
    }

    private static String console(String job, int number) throws Exception {
        return jenkins.get("admin", "job/" + job + "/" + number + "/consoleText").body();
    }

    private static void awaitConsole(String job, int number, String text) throws Exception {
        awaitThat(Duration.ofMinutes(2), job + " #" + number + " to print " + text, () -> {
            try {
                return console(job, number).contains(text);
            } catch (Exception e) {
                return false;
            }
        });
    }

    private static void awaitThat(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("waited " + timeout + " for " + what);
    }

    /** The build's run, from the read API. */
    private static JsonNode run(String job, int number) throws Exception {
        for (JsonNode summary : Json.MAPPER.readTree(jenkins.get("reader", "system-tests/api/v1/runs?size=100").body())
                .path("items")) {
            if (summary.path("buildUrl").asText().matches(".*job/" + job + "/" + number + "/?")) {
                return Json.MAPPER.readTree(jenkins.get("reader", "system-tests/api/v1/runs/"
                        + summary.path("id").asText()).body());
            }
        }
        throw new AssertionError("no run of " + job + " #" + number + " in the read API");
    }

    private static long runId(String job, int number) throws Exception {
        return run(job, number).path("id").asLong();
    }

    private static List<String> reasons(String job, int number) throws Exception {
        return run(job, number).findValuesAsText("reason");
    }

    private static String runStatus(String job, int number) throws Exception {
        return run(job, number).path("status").asText();
    }

    /** The run's cookie, which names its heartbeat file in the plugin's folder beside the job's workspace. */
    private static String runCookie(String job) throws Exception {
        try (Stream<Path> files = Files.walk(remoteFs.resolve("workspace"))) {
            return files.filter(p -> p.toString().contains("/" + job + "@tmp/"))
                    .map(p -> p.getFileName().toString()).filter(name -> name.startsWith("heartbeat-"))
                    .map(name -> name.substring("heartbeat-".length())).findFirst().orElseThrow();
        }
    }

    private static String environ(ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(process.pid()), "environ"),
                    StandardCharsets.ISO_8859_1).replace('\0', '\n');
        } catch (Exception e) {
            return "";
        }
    }

    /** Whatever the scenarios left running on the "machine" (a test outliving its build), by PID. */
    private static void endProcessesUnder(Path folder) {
        if (folder == null) {
            return;
        }
        long self = ProcessHandle.current().pid();
        ProcessHandle.allProcesses().filter(p -> p.pid() != self)
                .filter(p -> p.info().commandLine().orElse("").contains(folder.toString())
                        || environ(p).contains(folder.toString()))
                .forEach(ProcessHandle::destroyForcibly);
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 100_000_000.0) / 10.0;
    }
}
