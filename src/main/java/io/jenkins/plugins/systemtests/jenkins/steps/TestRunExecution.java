package io.jenkins.plugins.systemtests.jenkins.steps;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Cause;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.slaves.WorkspaceList;
import io.jenkins.plugins.systemtests.core.model.EndReason;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import io.jenkins.plugins.systemtests.core.runner.RunFollower;
import io.jenkins.plugins.systemtests.core.runner.RunSettings;
import io.jenkins.plugins.systemtests.core.runner.Verdict;
import io.jenkins.plugins.systemtests.core.secrets.SecretEnvironment;
import io.jenkins.plugins.systemtests.core.secrets.SecretMasker;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import io.jenkins.plugins.systemtests.jenkins.environment.EnvironmentResources;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Serializable;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jenkins.model.Jenkins;

/**
 * Runs the shipped runner on the build's agent, from its workspace. The runner is started detached: it writes its
 * console, its events and at its end its exit code to files beside the workspace, which {@link #poll} follows into the
 * build log and the store ({@link RunFollower}), so the build's System Tests page is live and a Pipeline step can go
 * on after a controller restart. Shared by the freestyle builder (which polls until the end) and the Pipeline step
 * (which polls from a timer); every decision is the core's ({@link RunSettings}, {@link RunFollower}, {@link Verdict}).
 */
final class TestRunExecution {
    static final String RUNNER = "/io/jenkins/plugins/systemtests/runner/runner.py";
    /** The wrapper that starts the runner detached and records its exit code. */
    static final String LAUNCH_SCRIPT = "launch.sh";
    /** How often the run's files are read while the tests run; tuning knob named after the class. */
    static final long POLL_MILLIS = Long.getLong(TestRunExecution.class.getName() + ".pollMillis", 250);
    /** How many virtual environments an agent keeps for requirements files; tuning knob named after the class. */
    static final int VENVS_TO_KEEP = Integer.getInteger(TestRunExecution.class.getName() + ".venvsToKeep", 5);
    /**
     * Every process of a run inherits this variable with a value of its own, so an abort finds them all by it, also
     * those that left the runner's process tree or ignore SIGTERM (what durable-task does with its node cookie).
     */
    static final String RUN_COOKIE = "SYSTEM_TESTS_RUN_COOKIE";

    private TestRunExecution() {
    }

    /**
     * A run started on an agent: what following, finishing or aborting it needs, saved with a Pipeline build. Its
     * files are named by its id, so two runs of one build (parallel branches) never share one.
     */
    static final class LaunchedRun implements Serializable {
        private static final long serialVersionUID = 1L;

        final String id;
        final RunFollower follower = new RunFollower();

        LaunchedRun(String id) {
            this.id = id;
        }

        static FilePath folder(FilePath workspace) throws AbortException {
            FilePath tmp = WorkspaceList.tempDir(workspace);
            if (tmp == null) {
                throw new AbortException("System Tests: the workspace " + workspace.getRemote() + " has no temporary "
                        + "folder");
            }
            return tmp.child("system-tests");
        }

        FilePath file(FilePath workspace, String kind) throws AbortException {
            return folder(workspace).child(kind + "-" + id);
        }
    }

    /** Runs the tests to their end and returns the summary; the freestyle builder's way. Interrupting aborts. */
    static Map<String, Object> runToEnd(RunSettings settings, Run<?, ?> build, FilePath workspace, EnvVars env,
            Launcher launcher, TaskListener listener) throws IOException, InterruptedException {
        LaunchedRun run = launch(settings, build, workspace, env, launcher, listener);
        SecretMasker masker = masker(settings, build);
        try {
            while (true) {
                Optional<Map<String, Object>> summary = poll(run, settings, build, workspace, listener, masker);
                if (summary.isPresent()) {
                    return summary.get();
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            abort(run, build, workspace, launcher, listener);
            throw e;
        }
    }

    /** Prepares the agent and starts the runner detached; returns at once. */
    static LaunchedRun launch(RunSettings settings, Run<?, ?> build, FilePath workspace, EnvVars env, Launcher launcher,
            TaskListener listener) throws IOException, InterruptedException {
        PrintStream log = listener.getLogger();
        SystemTestsService service = SystemTestsService.get();
        FilePath folder = LaunchedRun.folder(workspace);
        folder.mkdirs();
        FilePath runner = folder.child("runner.py");
        FilePath launchScript = folder.child(LAUNCH_SCRIPT);
        URL runnerSource = TestRunExecution.class.getResource(RUNNER);
        URL launchSource = TestRunExecution.class.getResource(LAUNCH_SCRIPT);
        if (runnerSource == null || launchSource == null) {
            throw new AbortException("System Tests: the plugin's runner.py is missing; reinstall the plugin");
        }
        runner.copyFrom(runnerSource);
        launchScript.copyFrom(launchSource);
        settings = settings.withTests(copyLibraryTests(settings.tests(), service, folder, log));
        LaunchedRun run = new LaunchedRun(UUID.randomUUID().toString());

        String machine = env.getOrDefault("NODE_NAME", "built-in");
        Cause.UserIdCause startedByUser = build.getCause(Cause.UserIdCause.class);
        List<String> command = new ArrayList<>(settings.command(runner.getRemote(),
                run.file(workspace, "events").getRemote(), machine, build.getUrl(),
                startedByUser == null ? null : startedByUser.getUserId()));
        command.addAll(List.of("--logs-dir", run.file(workspace, "logs").getRemote(), "--venv-keep",
                Integer.toString(VENVS_TO_KEEP)));
        if (settings.environment().isPresent()) {
            requireHeld(settings.environment().get().id(), build, log);
        }
        SecretEnvironment secrets = CredentialsLookup.resolve(settings.credentials(), build);
        secrets.secretNames().forEach(name -> command.addAll(List.of("--mask-env", name)));
        Map<String, String> runEnv = new HashMap<>(env);
        runEnv.putAll(secrets.variables());
        runEnv.put(RUN_COOKIE, run.id);
        runEnv.put("PYTHONUNBUFFERED", "1"); // its console goes to a file, read while it runs
        if (!secrets.variables().isEmpty()) {
            log.println("System Tests: credentials for the tests in " + String.join(", ", secrets.variables().keySet()));
        }
        log.println("System Tests: running " + String.join(" ", settings.tests()) + " on " + machine);
        log.println("$ " + String.join(" ", command));
        workspace.mkdirs(); // a job whose tests all come from the library has no workspace yet
        List<String> detached = new ArrayList<>(List.of("sh", "-c",
                "nohup sh \"$0\" \"$@\" </dev/null >/dev/null 2>&1 &", launchScript.getRemote(),
                run.file(workspace, "console").getRemote(), run.file(workspace, "exit").getRemote()));
        detached.addAll(command);
        int started = launcher.launch().cmds(detached).envs(runEnv).pwd(workspace).quiet(true).stdout(log).join();
        if (started != 0) {
            throw new AbortException("System Tests: the runner could not be started on " + machine + " (sh exited "
                    + "with " + started + "); the agent needs a POSIX shell");
        }
        return run;
    }

    /** The masker of the run's credentials, looked up again (also after a restart) since secrets are not saved. */
    static SecretMasker masker(RunSettings settings, Run<?, ?> build) throws AbortException {
        return CredentialsLookup.resolve(settings.credentials(), build).masker();
    }

    /**
     * Takes what the runner wrote since the last poll: its console into the build log (masked), its events into the
     * store. Returns the summary once the runner has ended; the build is then marked unstable, or fails, as the
     * settings say.
     */
    static Optional<Map<String, Object>> poll(LaunchedRun run, RunSettings settings, Run<?, ?> build,
            FilePath workspace, TaskListener listener, SecretMasker masker) throws IOException, InterruptedException {
        SystemTestsService service = SystemTestsService.get();
        Optional<Integer> exitCode = run.follower.poll(new AgentFiles(run, workspace), service.ingestion(),
                text -> listener.getLogger().print(masker.mask(text)));
        if (exitCode.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(finish(run, exitCode.get(), settings, workspace, listener, service, build));
    }

    private static Map<String, Object> finish(LaunchedRun run, int exitCode, RunSettings settings, FilePath workspace,
            TaskListener listener, SystemTestsService service, Run<?, ?> build) throws IOException, InterruptedException {
        PrintStream log = listener.getLogger();
        run.follower.refusals().forEach(refusal -> log.println("System Tests: not recorded: " + refusal));
        removeRunFiles(run, workspace);
        long runId = run.follower.runId().orElseThrow(() -> new AbortException(exitCode == 2
                ? "System Tests: the runner refused its arguments (see above)"
                : "System Tests: the runner ended (exit code " + exitCode + ") before reporting its plan"));
        service.ingestion().endRun(runId, EndReason.INTERRUPTED, TestStatus.UNKNOWN); // only if the runner died midway
        RunSummary summary = service.ingestion().summary(runId)
                .orElseThrow(() -> new AbortException("System Tests: run " + runId + " was not recorded"));
        keepLogs(run.file(workspace, "logs"), runId, summary.testCount(), service, log);
        Verdict verdict = Verdict.of(summary.counts(), settings.unstableOn(), settings.failureOn());
        log.println("System Tests: " + describe(summary.counts()) + "; JUnit XML in " + settings.junitXml());
        if (verdict.result() == Verdict.Result.FAILURE) {
            throw new AbortException("System Tests failed the build: " + verdict.reason());
        }
        if (verdict.result() == Verdict.Result.UNSTABLE) {
            log.println("System Tests marked the build unstable: " + verdict.reason());
            build.setResult(Result.UNSTABLE);
        }
        return Verdict.summary(summary.counts(), summary.status(), verdict, runId, service.runUrl(runId));
    }

    /**
     * Ends every process of the run (whatever its place in the process tree, TERM-ignoring children included), ends
     * the run in the store with its unfinished tests cancelled, and keeps the output its tests wrote.
     */
    static void abort(LaunchedRun run, Run<?, ?> build, FilePath workspace, Launcher launcher, TaskListener listener) {
        PrintStream log = listener.getLogger();
        boolean interrupted = Thread.interrupted(); // the abort is handled here; the cleanup must not be cut short
        try {
            RunProcesses.end(launcher, run.id);
            Jenkins jenkins = Jenkins.getInstanceOrNull();
            if (jenkins == null || jenkins.isTerminating()) {
                // A freestyle build interrupted by a shutdown: it cannot go on after the restart, so neither do its
                // tests. The store is closing; the run is ended as silent at the next start.
                log.println("System Tests: Jenkins is stopping, and a freestyle build cannot go on after a restart, so "
                        + "its tests were ended. Run the build again (a Pipeline's runSystemTests goes on instead).");
                return;
            }
            SystemTestsService service = SystemTestsService.get();
            run.follower.poll(new AgentFiles(run, workspace), service.ingestion(), text -> { });
            run.follower.runId().ifPresent(id -> service.ingestion().endRun(id, EndReason.ABORTED, TestStatus.CANCELLED));
            log.println("System Tests: aborted; unfinished tests are cancelled");
            if (run.follower.runId().isPresent()) {
                long runId = run.follower.runId().get();
                int tests = service.ingestion().summary(runId).map(RunSummary::testCount).orElse(0);
                keepLogs(run.file(workspace, "logs"), runId, tests, service, log);
            }
            removeRunFiles(run, workspace);
        } catch (IOException | InterruptedException | RuntimeException e) {
            log.println("System Tests: the abort could not be completed: " + e);
            if (e instanceof InterruptedException) {
                interrupted = true;
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void removeRunFiles(LaunchedRun run, FilePath workspace) throws IOException, InterruptedException {
        for (String kind : List.of("console", "events", "exit")) {
            run.file(workspace, kind).delete();
        }
    }

    /** The run's files on the agent, read through the workspace's channel. */
    private record AgentFiles(LaunchedRun run, FilePath workspace) implements RunFollower.RunFiles {
        @Override
        public byte[] read(RunFollower.RunFile file, long offset, int max) throws IOException, InterruptedException {
            FilePath path = run.file(workspace, file == RunFollower.RunFile.CONSOLE ? "console" : "events");
            if (!path.exists()) {
                return new byte[0];
            }
            try (InputStream in = path.readFromOffset(offset)) {
                return in.readNBytes(max);
            }
        }

        @Override
        public Optional<Integer> exitCode() throws IOException, InterruptedException {
            FilePath exit = run.file(workspace, "exit");
            if (!exit.exists()) {
                return Optional.empty();
            }
            try {
                return Optional.of(Integer.parseInt(exit.readToString().trim()));
            } catch (NumberFormatException e) {
                return Optional.of(-1);
            }
        }
    }

    /**
     * Copies tests named {@code library:<dir>/<file>.py} from the controller's library to the agent, and returns the
     * tests with those references replaced by the copies' paths.
     */
    private static List<String> copyLibraryTests(List<String> tests, SystemTestsService service, FilePath folder,
            PrintStream log) throws IOException, InterruptedException {
        List<String> resolved = new ArrayList<>();
        for (String test : tests) {
            if (!test.startsWith(RunSettings.LIBRARY_PREFIX)) {
                resolved.add(test);
                continue;
            }
            Path source;
            try {
                source = service.library().resolve(test);
            } catch (RejectedException e) {
                throw new AbortException("System Tests: " + e.getMessage());
            }
            String[] parts = test.substring(RunSettings.LIBRARY_PREFIX.length()).split("/");
            FilePath copy = folder.child("library").child(parts[0]).child(parts[1]);
            try (InputStream in = Files.newInputStream(source)) {
                copy.copyFrom(in);
            }
            log.println("System Tests: " + test + " copied to " + copy.getRemote());
            resolved.add(copy.getRemote());
        }
        return resolved;
    }

    /** Running unlocked could put two runs on one environment: refuse, and say how to queue for it instead. */
    private static void requireHeld(String environment, Run<?, ?> build, PrintStream log) throws AbortException {
        String resource;
        try {
            resource = EnvironmentResources.prepare(environment);
        } catch (IllegalArgumentException e) {
            throw new AbortException("System Tests: " + e.getMessage());
        }
        if (!EnvironmentResources.heldBy(resource, build)) {
            throw new AbortException("System Tests: this build does not hold test environment " + environment + " ("
                    + resource + "). In Pipeline call systemTests(environment: '" + environment + "', ...) or run "
                    + "inside lock(resource: '" + resource + "'); in a freestyle job add \"This build requires lockable "
                    + "resources\" with " + resource + ", so builds wait for it in lockable-resources' fair queue.");
        }
        log.println("System Tests: holding test environment " + environment + " (" + resource + ")");
    }

    /** Copies each test's captured output from the agent to the run, where its page links to it. */
    private static void keepLogs(FilePath logs, long runId, int tests, SystemTestsService service, PrintStream log)
            throws IOException, InterruptedException {
        int kept = 0;
        for (int i = 0; i < tests; i++) {
            FilePath testLog = logs.child(i + ".log");
            if (testLog.exists()) {
                try (InputStream in = testLog.read()) {
                    service.ingestion().saveLog(runId, i, in);
                    kept++;
                }
            }
        }
        logs.deleteRecursive();
        log.println("System Tests: kept the output of " + kept + " of " + tests + " tests with the build");
    }

    private static String describe(Map<TestStatus, Integer> counts) {
        StringBuilder text = new StringBuilder();
        for (TestStatus status : TestStatus.values()) {
            int count = counts.getOrDefault(status, 0);
            if (count > 0) {
                text.append(text.length() == 0 ? "" : ", ").append(count).append(' ').append(status.wireName());
            }
        }
        return text.length() == 0 ? "no tests" : text.toString();
    }
}
