package io.jenkins.plugins.systemtests.core.runner;

import io.jenkins.plugins.systemtests.core.ingest.IngestionService;
import io.jenkins.plugins.systemtests.core.library.TestLibrary;
import io.jenkins.plugins.systemtests.core.model.EndReason;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.core.secrets.SecretEnvironment;
import io.jenkins.plugins.systemtests.core.secrets.SecretMasker;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A build's run of the shipped runner, from start to verdict, behind the few things it needs from the agent
 * ({@link Agent}: write a file, start a command detached, read a file from an offset, end processes). The runner runs
 * detached: it writes its console, its events and at its end its exit code to files named by the run's id, which
 * {@link #poll} follows ({@link RunFollower}). All a run keeps is its id and the follower's offsets, so it can be saved
 * with a build and go on after a controller restart.
 */
public final class BuildRun implements Serializable {
    private static final long serialVersionUID = 1L;
    /**
     * Every process of a run inherits this variable with the run's id, so an abort finds them all by it, also those
     * that left the runner's process tree or ignore SIGTERM (what durable-task does with its node cookie).
     */
    public static final String RUN_COOKIE = "SYSTEM_TESTS_RUN_COOKIE";
    /** The environment a test runs on, in every test's process when several environments share one plan. */
    public static final String ENVIRONMENT_VARIABLE = "SYSTEM_TESTS_ENVIRONMENT";
    static final String RUNNER = "runner.py";
    /** The runner's pytest plugin, loaded into the pytest session from this folder beside the runner. */
    static final String PYTEST_PLUGIN = "pytest_plugin/system_tests_pytest_plugin.py";
    static final String LAUNCH_SCRIPT = "launch.sh";
    /**
     * How long the runner's heartbeat may stay unchanged (it beats every 5 s while the runner's launcher lives) before
     * the runner is taken for gone: its machine restarted, or its processes were killed.
     */
    public static final Duration RUNNER_GONE_AFTER = Duration.ofSeconds(30);
    /** What a test that the runner could not finish says, as its reason. */
    public static final String RUNNER_GONE = "the runner ended without finishing: the machine restarted or killed it";
    /** Where the plugin ships the runner, its pytest plugin and its launcher. */
    private static final String RESOURCES = "/io/jenkins/plugins/systemtests/runner/";

    /** The agent's side of a run: its folder for the plugin's files, beside the workspace the tests run in. */
    public interface Agent {
        /** The folder's absolute path on the agent. */
        String folder();

        /** Writes a file of the folder (its parents made as needed). */
        void write(String name, InputStream content) throws IOException, InterruptedException;

        /** Starts a command detached from the controller, in the workspace, with these variables; returns at once. */
        void launch(List<String> command, Map<String, String> environment) throws IOException, InterruptedException;

        /** Up to {@code max} bytes of a file of the folder from {@code offset}; none while it does not exist. */
        byte[] read(String name, long offset, int max) throws IOException, InterruptedException;

        /** The names of the files in a folder of the folder, in one look; none while it does not exist. */
        List<String> list(String name) throws IOException, InterruptedException;

        /** Removes a file or a folder of the folder, if it is there. */
        void delete(String name) throws IOException, InterruptedException;

        /** Ends every process whose environment has this variable with this value (TERM, then KILL). */
        int endProcesses(String variable, String value) throws IOException, InterruptedException;
    }

    /** Who runs the tests and for which build, as the runner reports it. */
    public record Origin(String machine, String buildUrl, String startedBy) {
    }

    /** The runner ended without reporting a plan: it refused its arguments, or died before its first test. */
    public static final class NotReported extends Exception {
        private static final long serialVersionUID = 1L;

        public NotReported(String message) {
            super(message);
        }
    }

    /** How a finished run went: its summary, the verdict on it, and what the build log should say. */
    public record Finished(long runId, RunSummary summary, Verdict verdict, List<String> notes) {
    }

    private final String id;
    private final RunFollower follower = new RunFollower();
    /** The heartbeat last read, and when it was last seen to change (controller time): made again after a restart. */
    private transient String lastBeat;
    private transient long lastBeatChangeNanos;
    /** The first poll since the start or a restart (controller time), for a share's runner that never beat. */
    private transient long firstPollNanos;

    private BuildRun(String id) {
        this.id = id;
    }

    /** The run's id; it names the run's files and is its processes' cookie. */
    public String id() {
        return id;
    }

    public RunFollower follower() {
        return follower;
    }

    /**
     * Writes the runner (with its pytest plugin) and the library's tests to the agent and starts the runner detached.
     *
     * @param environment the build's variables; the secrets' are added, and the cookie
     * @param log the build log
     */
    public static BuildRun start(Agent agent, RunSettings settings, Origin origin, TestLibrary library,
            SecretEnvironment secrets, Map<String, String> environment, int venvsToKeep, Consumer<String> log)
            throws IOException, InterruptedException, RejectedException {
        return start(agent, settings, origin, library, secrets, environment, venvsToKeep, log, null, null, Map.of());
    }

    /**
     * Starts one share of a plan that several environments run together: the runner plans the whole plan, then runs
     * the units written to its queue folder ({@link #queueFile}), with {@link #ENVIRONMENT_VARIABLE} set to its
     * environment for every test.
     *
     * @param testEnvironment the share's environment (also reported in the DRY RUN)
     */
    public static BuildRun startShare(Agent agent, RunSettings settings, Origin origin, TestLibrary library,
            SecretEnvironment secrets, Map<String, String> environment, int venvsToKeep, Consumer<String> log,
            String testEnvironment) throws IOException, InterruptedException, RejectedException {
        return startShare(agent, settings, origin, library, secrets, environment, venvsToKeep, log, testEnvironment,
                testEnvironment);
    }

    /** @param runEnvironments what the run reports as its environment: all of them, e.g. "1, 2, 3" */
    public static BuildRun startShare(Agent agent, RunSettings settings, Origin origin, TestLibrary library,
            SecretEnvironment secrets, Map<String, String> environment, int venvsToKeep, Consumer<String> log,
            String testEnvironment, String runEnvironments)
            throws IOException, InterruptedException, RejectedException {
        return startShare(agent, settings, origin, library, secrets, environment, venvsToKeep, log, testEnvironment,
                runEnvironments, Map.of());
    }

    /**
     * @param reportedPaths folders of this agent reported as other folders (runner {@code --report-path}): a share
     *                      on another agent runs a copy of the build's workspace, and reports its tests as the build's
     */
    public static BuildRun startShare(Agent agent, RunSettings settings, Origin origin, TestLibrary library,
            SecretEnvironment secrets, Map<String, String> environment, int venvsToKeep, Consumer<String> log,
            String testEnvironment, String runEnvironments, Map<String, String> reportedPaths)
            throws IOException, InterruptedException, RejectedException {
        return start(agent, settings, origin, library, secrets, environment, venvsToKeep, log, testEnvironment,
                runEnvironments, reportedPaths);
    }

    private static BuildRun start(Agent agent, RunSettings settings, Origin origin, TestLibrary library,
            SecretEnvironment secrets, Map<String, String> environment, int venvsToKeep, Consumer<String> log,
            String share, String runEnvironments, Map<String, String> reportedPaths)
            throws IOException, InterruptedException, RejectedException {
        BuildRun run = new BuildRun(UUID.randomUUID().toString());
        for (String shipped : List.of(RUNNER, PYTEST_PLUGIN, LAUNCH_SCRIPT)) {
            try (InputStream in = resource(shipped)) {
                if (share == null) {
                    agent.write(shipped, in);
                } else {
                    writeUnlessSame(agent, shipped, in.readAllBytes());
                }
            }
        }
        settings = settings.withTests(copyLibraryTests(agent, settings.tests(), library, log, share != null));
        if (share != null) {
            settings = settings.withJunitXml(agent.folder() + "/" + run.junitPart()); // merged with the others' at the end
        }
        String folder = agent.folder() + "/";
        List<String> command = new ArrayList<>(settings.command(folder + RUNNER, folder + run.file("events"),
                origin.machine(), origin.buildUrl(), origin.startedBy()));
        command.addAll(List.of("--logs-dir", folder + run.file("logs"), "--venv-keep", Integer.toString(venvsToKeep)));
        secrets.secretNames().forEach(name -> command.addAll(List.of("--mask-env", name)));
        reportedPaths.forEach((from, to) -> command.addAll(List.of("--report-path", from + "=" + to)));
        if (share != null) {
            agent.write(run.queueFile(".ready"), new ByteArrayInputStream(new byte[0])); // makes the queue folder
            command.addAll(List.of("--queue-dir", folder + run.queueFolder(), "--environment", runEnvironments));
        }
        Map<String, String> runEnvironment = new HashMap<>(environment);
        if (share != null) {
            runEnvironment.put(ENVIRONMENT_VARIABLE, share);
        }
        runEnvironment.putAll(secrets.variables());
        runEnvironment.put(RUN_COOKIE, run.id);
        runEnvironment.put("PYTHONUNBUFFERED", "1"); // its console goes to a file, read while it runs
        if (!secrets.variables().isEmpty()) {
            log.accept("System Tests: credentials for the tests in " + String.join(", ", secrets.variables().keySet()));
        }
        log.accept("System Tests: running " + String.join(" ", settings.tests()) + " on " + origin.machine()
                + (share == null ? "" : ", environment " + share + "'s share"));
        log.accept("$ " + String.join(" ", command));
        List<String> detached = new ArrayList<>(List.of("sh", "-c",
                "nohup sh \"$0\" \"$@\" </dev/null >/dev/null 2>&1 &", folder + LAUNCH_SCRIPT,
                folder + run.file("console"), folder + run.file("exit"), folder + run.file("heartbeat")));
        detached.addAll(command);
        agent.launch(detached, runEnvironment);
        return run;
    }

    /**
     * Takes what the runner wrote since the last poll: its console (masked, whole lines) and its events (into the
     * store). Once the runner has ended: the tests' output is kept with the run, the run's files are removed, and the
     * verdict is returned.
     *
     * @throws NotReported when the runner ended without reporting a plan
     */
    public Optional<Finished> poll(Agent agent, IngestionService service, SecretMasker masker, RunSettings settings,
            Consumer<String> console) throws IOException, InterruptedException, NotReported {
        return poll(agent, service, masker, settings, console, RUNNER_GONE_AFTER);
    }

    /**
     * As {@link #poll(Agent, IngestionService, SecretMasker, RunSettings, Consumer)}; a runner whose heartbeat has not
     * changed for {@code goneAfter} and that wrote no exit code is gone: whatever is left of its processes is ended,
     * what it wrote is taken, its unfinished tests end as {@code error} ({@link #RUNNER_GONE}) and the verdict is
     * returned.
     */
    public Optional<Finished> poll(Agent agent, IngestionService service, SecretMasker masker, RunSettings settings,
            Consumer<String> console, Duration goneAfter) throws IOException, InterruptedException, NotReported {
        Consumer<String> masked = text -> console.accept(masker.mask(text));
        Optional<Integer> exitCode = follower.poll(new FollowedFiles(agent), service, masked);
        List<String> notes = new ArrayList<>();
        if (exitCode.isEmpty()) {
            if (!heartbeatStopped(agent, goneAfter)) {
                return Optional.empty();
            }
            agent.endProcesses(RUN_COOKIE, id); // a runner left without its launcher could not report its end
            follower.drain(new FollowedFiles(agent), service, masked);
            if (follower.storeBehind()) {
                return Optional.empty(); // the store cannot take the rest yet: the next poll drains again
            }
            notes.add("System Tests: " + RUNNER_GONE + " (no heartbeat for " + goneAfter.toSeconds()
                    + " s and no exit code); its unfinished tests end as error");
        }
        follower.refusals().forEach(refusal -> notes.add("System Tests: not recorded: " + refusal));
        removeRunFiles(agent);
        if (follower.runId().isEmpty()) {
            throw new NotReported(exitCode.isEmpty() ? RUNNER_GONE + ", before reporting its plan"
                    : exitCode.get() == 2 ? "the runner refused its arguments (see above)"
                    : "the runner ended (exit code " + exitCode.get() + ") before reporting its plan");
        }
        long runId = follower.runId().get();
        if (exitCode.isEmpty()) {
            UnfinishedTests.endAsError(service, runId, RUNNER_GONE);
        } else {
            service.endRun(runId, EndReason.INTERRUPTED, TestStatus.UNKNOWN); // only if the runner died midway
        }
        RunSummary summary = service.reader().summary(runId)
                .orElseThrow(() -> new NotReported("run " + runId + " was not recorded"));
        notes.add(keepLogs(agent, service, runId, summary.testCount()));
        return Optional.of(new Finished(runId, summary,
                Verdict.of(summary.counts(), settings.unstableOn(), settings.failureOn()), notes));
    }

    /**
     * How one share's runner ended: with its exit code, or gone (no heartbeat, no exit code: the machine restarted or
     * its processes were killed).
     */
    public record ShareEnd(Optional<Integer> exitCode, List<String> notes) {
        public boolean gone() {
            return exitCode.isEmpty();
        }
    }

    /**
     * One poll of a share of a plan that several environments run together: takes what its runner wrote (its DRY RUN
     * only if no other share's was taken: {@code sharedRunId}), and once it has ended keeps its tests' output and
     * removes its files. Unlike {@link #poll} it never ends the run: the other shares go on feeding it.
     */
    public Optional<ShareEnd> pollShare(Agent agent, IngestionService service, SecretMasker masker,
            Consumer<String> console, Duration goneAfter, Long sharedRunId) throws IOException, InterruptedException {
        follower.adopt(sharedRunId);
        Consumer<String> masked = text -> console.accept(masker.mask(text));
        Optional<Integer> exitCode = follower.poll(new FollowedFiles(agent), service, masked);
        if (exitCode.isEmpty()) {
            if (!heartbeatStopped(agent, goneAfter, true)) {
                return Optional.empty();
            }
            agent.endProcesses(RUN_COOKIE, id);
            follower.drain(new FollowedFiles(agent), service, masked);
            if (follower.storeBehind()) {
                return Optional.empty();
            }
        }
        return Optional.of(new ShareEnd(exitCode, endShare(agent, service)));
    }

    /** Ends a share's processes (an abort), takes what it wrote until then, keeps its output; the run stays open. */
    public List<String> abortShare(Agent agent, IngestionService service, Long sharedRunId)
            throws IOException, InterruptedException {
        follower.adopt(sharedRunId);
        agent.endProcesses(RUN_COOKIE, id);
        follower.poll(new FollowedFiles(agent), service, text -> { });
        return endShare(agent, service);
    }

    private List<String> endShare(Agent agent, IngestionService service) throws IOException, InterruptedException {
        List<String> notes = new ArrayList<>();
        follower.refusals().forEach(refusal -> notes.add("System Tests: not recorded: " + refusal));
        removeRunFiles(agent);
        agent.delete(queueFolder());
        if (follower.runId().isPresent()) {
            long runId = follower.runId().get();
            int tests = service.reader().summary(runId).map(RunSummary::testCount).orElse(0);
            notes.add(keepLogs(agent, service, runId, tests));
        }
        return notes;
    }

    /** A file of this share's queue folder, as {@link Agent} names it ({@code queue-<id>/<name>}). */
    public String queueFile(String name) {
        return queueFolder() + "/" + name;
    }

    /** A share's own JUnit XML, in the plugin's folder; the queue merges every share's into the build's. */
    public String junitPart() {
        return file("junit") + ".xml";
    }

    private String queueFolder() {
        return "queue-" + id;
    }

    /**
     * Ends these tests of a run as {@code error} with the reason (those not started: "not run: reason"), as if their
     * runner had said so; finished tests stay as they are, and the run stays open.
     *
     * @return how many tests were ended
     */
    public static int endAsError(IngestionService service, long runId, java.util.Collection<Integer> positions,
            String reason) {
        return UnfinishedTests.endAsError(service, runId, java.util.Set.copyOf(positions), reason);
    }

    /**
     * Ends every process of the run, takes what it wrote until then, ends the run with its unfinished tests cancelled
     * and keeps the output the tests wrote.
     */
    public List<String> abort(Agent agent, IngestionService service) throws IOException, InterruptedException {
        agent.endProcesses(RUN_COOKIE, id);
        follower.poll(new FollowedFiles(agent), service, text -> { });
        List<String> notes = new ArrayList<>();
        notes.add("System Tests: aborted; unfinished tests are cancelled");
        if (follower.runId().isPresent()) {
            long runId = follower.runId().get();
            service.endRun(runId, EndReason.ABORTED, TestStatus.CANCELLED);
            int tests = service.reader().summary(runId).map(RunSummary::testCount).orElse(0);
            notes.add(keepLogs(agent, service, runId, tests));
        }
        removeRunFiles(agent);
        return notes;
    }

    /**
     * Ends the run without its runner's word, for an agent that did not come back in time: what was taken stays, the
     * unfinished tests end as {@code error} with the reason, and the run ends. Nothing on the agent is touched.
     *
     * @return the note for the build log
     */
    public String giveUp(IngestionService service, String reason) {
        if (follower.runId().isEmpty()) {
            return "System Tests: " + reason + "; the runner had not reported its plan yet";
        }
        int ended = UnfinishedTests.endAsError(service, follower.runId().get(), reason);
        return "System Tests: " + reason + "; " + ended + " unfinished test" + (ended == 1 ? "" : "s")
                + " ended as error";
    }

    /**
     * Ends the run as aborted while its agent is out of reach: its unfinished tests are cancelled in the store; its
     * processes on the agent cannot be reached, and the note says so.
     */
    public String abortWithoutAgent(IngestionService service, String agent) {
        follower.runId().ifPresent(runId -> service.endRun(runId, EndReason.ABORTED, TestStatus.CANCELLED));
        return "System Tests: aborted while " + agent + " was out of reach; unfinished tests are cancelled, but the "
                + "tests still running there could not be ended (they end by themselves, or with the machine)";
    }

    /** Ends every process of a lost share and removes its files; what it wrote after it was lost is not taken. */
    public int endShareProcesses(Agent agent) throws IOException, InterruptedException {
        int ended = agent.endProcesses(RUN_COOKIE, id);
        removeRunFiles(agent);
        agent.delete(queueFolder());
        return ended;
    }

    /** Ends every process of the run, and nothing else: for a controller that is stopping. */
    public void endProcesses(Agent agent) throws IOException, InterruptedException {
        agent.endProcesses(RUN_COOKIE, id);
    }

    String file(String kind) {
        return kind + "-" + id;
    }

    /**
     * Whether the runner's heartbeat has not changed for {@code goneAfter}. Judged only once a heartbeat was seen (a
     * runner started by an older launcher has none), by the controller's clock (the agent's may differ).
     */
    private boolean heartbeatStopped(Agent agent, Duration goneAfter) throws IOException, InterruptedException {
        return heartbeatStopped(agent, goneAfter, false);
    }

    /**
     * @param beatExpected a share's runner always has a heartbeat (no older launcher): none within {@code goneAfter}
     *                     of the first poll means its launcher never ran
     */
    private boolean heartbeatStopped(Agent agent, Duration goneAfter, boolean beatExpected)
            throws IOException, InterruptedException {
        String beat = new String(agent.read(file("heartbeat"), 0, 64), StandardCharsets.UTF_8).trim();
        long now = System.nanoTime();
        if (firstPollNanos == 0) {
            firstPollNanos = now;
        }
        if (beat.isEmpty() && lastBeat == null) {
            return beatExpected && now - firstPollNanos >= goneAfter.toNanos();
        }
        if (!beat.isEmpty() && !beat.equals(lastBeat)) {
            lastBeat = beat;
            lastBeatChangeNanos = now;
            return false;
        }
        return now - lastBeatChangeNanos >= goneAfter.toNanos();
    }

    private void removeRunFiles(Agent agent) throws IOException, InterruptedException {
        for (String kind : List.of("console", "events", "exit", "heartbeat")) {
            agent.delete(file(kind));
        }
    }

    /**
     * Copies each test's captured output from the agent to the run, where its page shows it. The runner writes a log
     * only for a test that wrote something, so the folder is listed once and only those are read: one look at the
     * agent per test cost 1 to 2 ms even on the controller itself (0.8 s after sqlparse's 509 tests), and a round
     * trip each on a remote agent. A retried test's earlier attempts are {@code <n>.attempt-<k>.log}, as the runner
     * names them; in a shared queue they may be on another environment's agent than its last attempt's {@code <n>.log}.
     */
    private String keepLogs(Agent agent, IngestionService service, long runId, int tests)
            throws IOException, InterruptedException {
        int kept = 0;
        for (String name : agent.list(file("logs"))) {
            java.util.regex.Matcher log = LOG_NAME.matcher(name);
            if (!log.matches() || log.group(1).length() > 9 || Integer.parseInt(log.group(1)) >= tests
                    || log.group(2) != null && log.group(2).length() > 6) {
                continue;
            }
            int test = Integer.parseInt(log.group(1));
            byte[] content = agent.read(file("logs") + "/" + name, 0, Integer.MAX_VALUE - 8);
            if (content.length == 0) {
                continue;
            }
            if (log.group(2) == null) {
                service.saveLog(runId, test, new ByteArrayInputStream(content));
                kept++;
            } else {
                service.saveLog(runId, test, Integer.parseInt(log.group(2)), new ByteArrayInputStream(content));
            }
        }
        agent.delete(file("logs"));
        return "System Tests: kept the output of " + kept + " of " + tests + " tests with the build";
    }

    /** {@code <n>.log}, or {@code <n>.attempt-<k>.log} for an earlier attempt. */
    private static final java.util.regex.Pattern LOG_NAME = java.util.regex.Pattern.compile(
            "(\\d+)(?:\\.attempt-([1-9]\\d*))?\\.log");

    /**
     * Copies tests named {@code library:<dir>/<file>.py} from the library to the agent, and returns the tests with
     * those references replaced by the copies' paths.
     */
    private static List<String> copyLibraryTests(Agent agent, List<String> tests, TestLibrary library,
            Consumer<String> log, boolean shared) throws IOException, InterruptedException, RejectedException {
        List<String> resolved = new ArrayList<>();
        for (String test : tests) {
            if (!test.startsWith(RunSettings.LIBRARY_PREFIX)) {
                resolved.add(test);
                continue;
            }
            Path source = library.resolve(test);
            String name = "library/" + test.substring(RunSettings.LIBRARY_PREFIX.length());
            if (shared) {
                writeUnlessSame(agent, name, Files.readAllBytes(source));
            } else {
                try (InputStream in = Files.newInputStream(source)) {
                    agent.write(name, in);
                }
            }
            String copy = agent.folder() + "/" + name;
            log.accept("System Tests: " + test + " copied to " + copy);
            resolved.add(copy);
        }
        return resolved;
    }

    /**
     * Writes a file the shares of one queue share (the runner, its launcher, library tests), unless it already holds
     * these bytes: another share's runner may be reading it that moment, and a rewrite is not atomic.
     */
    private static void writeUnlessSame(Agent agent, String name, byte[] content)
            throws IOException, InterruptedException {
        byte[] there = agent.read(name, 0, content.length + 1);
        if (!java.util.Arrays.equals(there, content)) {
            agent.write(name, new ByteArrayInputStream(content));
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = BuildRun.class.getResourceAsStream(RESOURCES + name);
        if (in == null) {
            throw new IOException("the plugin's " + name + " is missing; reinstall the plugin");
        }
        return in;
    }

    /** The run's console and events files and its exit code, read through the agent. */
    private final class FollowedFiles implements RunFollower.RunFiles {
        private final Agent agent;

        FollowedFiles(Agent agent) {
            this.agent = agent;
        }

        @Override
        public byte[] read(RunFollower.RunFile file, long offset, int max) throws IOException, InterruptedException {
            return agent.read(file(file == RunFollower.RunFile.CONSOLE ? "console" : "events"), offset, max);
        }

        @Override
        public Optional<Integer> exitCode() throws IOException, InterruptedException {
            String text = new String(agent.read(file("exit"), 0, 64), StandardCharsets.UTF_8).trim();
            if (text.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(Integer.parseInt(text));
            } catch (NumberFormatException e) {
                return Optional.of(-1);
            }
        }
    }
}
