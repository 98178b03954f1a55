package io.jenkins.plugins.systemtests.jenkins.steps;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Proc;
import hudson.model.Cause;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.slaves.WorkspaceList;
import io.jenkins.plugins.systemtests.core.model.EndReason;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.model.TestStatus;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import io.jenkins.plugins.systemtests.core.runner.BuildRunFeed;
import io.jenkins.plugins.systemtests.core.runner.RunSettings;
import io.jenkins.plugins.systemtests.core.runner.Verdict;
import io.jenkins.plugins.systemtests.core.secrets.SecretEnvironment;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongConsumer;

/**
 * Runs the shipped runner on the build's agent, from its workspace, and follows the runner's events file into the
 * store while it runs, so the build's System Tests page is live. Shared by the freestyle builder and the pipeline
 * step; every decision is the core's ({@link RunSettings}, {@link BuildRunFeed}, {@link Verdict}).
 */
final class TestRunExecution {
    static final String RUNNER = "/io/jenkins/plugins/systemtests/runner/runner.py";
    /** How often the events file is read while the tests run; tuning knob named after the class. */
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

    /** Runs the tests and returns the summary; the build is marked unstable, or fails, as the settings say. */
    static Map<String, Object> run(RunSettings settings, Run<?, ?> build, FilePath workspace, EnvVars env,
            Launcher launcher, TaskListener listener, LongConsumer onRunCreated) throws IOException, InterruptedException {
        PrintStream log = listener.getLogger();
        SystemTestsService service = SystemTestsService.get();
        FilePath tmp = WorkspaceList.tempDir(workspace);
        if (tmp == null) {
            throw new AbortException("System Tests: the workspace " + workspace.getRemote() + " has no temporary folder");
        }
        FilePath folder = tmp.child("system-tests");
        folder.mkdirs();
        FilePath runner = folder.child("runner.py");
        URL runnerSource = TestRunExecution.class.getResource(RUNNER);
        if (runnerSource == null) {
            throw new AbortException("System Tests: the plugin's runner.py is missing; reinstall the plugin");
        }
        runner.copyFrom(runnerSource);
        settings = settings.withTests(copyLibraryTests(settings.tests(), service, folder, log));
        FilePath events = folder.child("events-" + build.getNumber() + ".jsonl");
        events.delete();

        String machine = env.getOrDefault("NODE_NAME", "built-in");
        Cause.UserIdCause startedByUser = build.getCause(Cause.UserIdCause.class);
        List<String> command = new ArrayList<>(settings.command(runner.getRemote(), events.getRemote(), machine,
                build.getUrl(), startedByUser == null ? null : startedByUser.getUserId()));
        FilePath logs = folder.child("logs-" + build.getNumber());
        command.addAll(List.of("--logs-dir", logs.getRemote(), "--venv-keep", Integer.toString(VENVS_TO_KEEP)));
        if (settings.environment().isPresent()) {
            requireHeld(settings.environment().get().id(), build, log);
        }
        SecretEnvironment secrets = CredentialsLookup.resolve(settings.credentials(), build);
        secrets.secretNames().forEach(name -> command.addAll(List.of("--mask-env", name)));
        Map<String, String> runEnv = new HashMap<>(env);
        runEnv.putAll(secrets.variables());
        String cookie = UUID.randomUUID().toString();
        runEnv.put(RUN_COOKIE, cookie);
        if (!secrets.variables().isEmpty()) {
            log.println("System Tests: credentials for the tests in " + String.join(", ", secrets.variables().keySet()));
        }
        log.println("System Tests: running " + String.join(" ", settings.tests()) + " on " + machine);
        OutputStream console = secrets.masker().wrap(listener.getLogger());
        workspace.mkdirs(); // a job whose tests all come from the library has no workspace yet
        Proc proc = launcher.launch().cmds(command).envs(runEnv).pwd(workspace).stdout(console).start();
        BuildRunFeed feed = new BuildRunFeed(service.ingestion());
        int exitCode;
        try {
            boolean announced = false;
            while (proc.isAlive()) {
                follow(events, feed);
                if (!announced && feed.runId().isPresent()) {
                    onRunCreated.accept(feed.runId().get());
                    announced = true;
                }
                Thread.sleep(POLL_MILLIS);
            }
            exitCode = proc.join();
            console.close(); // the last line, masked; the build log stays open
            follow(events, feed);
        } catch (InterruptedException e) {
            Thread.interrupted(); // the abort is handled here; the cleanup must not be cut short by it
            RunProcesses.end(launcher, cookie); // every process of the run, wherever it is in the process tree
            proc.kill(); // and reap the runner
            feed.runId().ifPresent(id -> service.ingestion().endRun(id, EndReason.ABORTED, TestStatus.CANCELLED));
            log.println("System Tests: aborted; unfinished tests are cancelled");
            keepLogsAfterAbort(logs, feed, service, log);
            throw e;
        }
        feed.refusals().forEach(refusal -> log.println("System Tests: not recorded: " + refusal));
        long runId = feed.runId().orElseThrow(() -> new AbortException(exitCode == 2
                ? "System Tests: the runner refused its arguments (see above)"
                : "System Tests: the runner ended (exit code " + exitCode + ") before reporting its plan"));
        service.ingestion().endRun(runId, EndReason.INTERRUPTED, TestStatus.UNKNOWN); // only if the runner died midway
        RunSummary summary = service.ingestion().summary(runId)
                .orElseThrow(() -> new AbortException("System Tests: run " + runId + " was not recorded"));
        keepLogs(logs, runId, summary.testCount(), service, log);
        Verdict verdict = Verdict.of(summary.counts(), settings.unstableOn(), settings.failureOn());
        log.println("System Tests: " + describe(summary.counts()) + "; JUnit XML in " + settings.junitXml());
        if (verdict.result() == Verdict.Result.FAILURE) {
            throw new AbortException("System Tests failed the build: " + verdict.reason());
        }
        if (verdict.result() == Verdict.Result.UNSTABLE) {
            log.println("System Tests marked the build unstable: " + verdict.reason());
            build.setResult(Result.UNSTABLE);
        }
        return Verdict.summary(summary.counts(), summary.status(), verdict, runId,
                service.runUrl(runId));
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

    /**
     * An aborted run keeps the output its tests wrote before the abort; a second abort while copying gives up on the
     * rest rather than delay the build's end.
     */
    private static void keepLogsAfterAbort(FilePath logs, BuildRunFeed feed, SystemTestsService service,
            PrintStream log) {
        if (feed.runId().isEmpty()) {
            return;
        }
        long runId = feed.runId().get();
        try {
            int tests = service.ingestion().summary(runId).map(RunSummary::testCount).orElse(0);
            keepLogs(logs, runId, tests, service, log);
        } catch (IOException | InterruptedException | RuntimeException e) {
            log.println("System Tests: the tests' output could not be kept after the abort: " + e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
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

    private static void follow(FilePath events, BuildRunFeed feed) throws IOException, InterruptedException {
        if (!events.exists()) {
            return;
        }
        try (InputStream in = events.readFromOffset(feed.offset())) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                feed.accept(buffer, n);
            }
        }
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
