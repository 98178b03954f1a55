package io.jenkins.plugins.systemtests.jenkins.steps;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.AbstractBuild;
import hudson.model.Cause;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.core.runner.BuildRun;
import io.jenkins.plugins.systemtests.core.runner.RunSettings;
import io.jenkins.plugins.systemtests.core.runner.Verdict;
import io.jenkins.plugins.systemtests.core.secrets.SecretEnvironment;
import io.jenkins.plugins.systemtests.core.secrets.SecretMasker;
import io.jenkins.plugins.systemtests.jenkins.PluginUrls;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import io.jenkins.plugins.systemtests.jenkins.environment.EnvironmentResources;
import io.jenkins.plugins.systemtests.jenkins.quarantine.QuarantineVerdicts;
import io.jenkins.plugins.systemtests.core.runner.AgentContact;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsConfiguration;
import io.jenkins.plugins.systemtests.jenkins.results.AgentOfflineNotice;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;

/**
 * The Jenkins side of a build's run: the core's {@link BuildRun} does the work (writing the runner, starting it
 * detached, following its files, the verdict); this class reaches the agent for it ({@link JenkinsAgent}: the
 * workspace's channel and the node's launcher), checks the build holds its environment, resolves credentials, and turns
 * the verdict into the build's result. Shared by the freestyle builder (which polls until the end) and the Pipeline
 * step (which polls from a timer and survives a restart).
 */
final class JenkinsBuildRun {
    private static final Logger LOGGER = Logger.getLogger(JenkinsBuildRun.class.getName());
    /** How often the run's files are read while the tests run; tuning knob named after the class. */
    static final long POLL_MILLIS = Long.getLong(JenkinsBuildRun.class.getName() + ".pollMillis", 250);
    /** How many virtual environments an agent keeps for requirements files; tuning knob named after the class. */
    static final int VENVS_TO_KEEP = Integer.getInteger(JenkinsBuildRun.class.getName() + ".venvsToKeep", 5);

    /** How long the runner's heartbeat may stay unchanged before it is taken for gone; read at each poll. */
    static Duration runnerGoneAfter() {
        return Duration.ofSeconds(Long.getLong(JenkinsBuildRun.class.getName() + ".runnerGoneSeconds",
                BuildRun.RUNNER_GONE_AFTER.toSeconds()));
    }

    private JenkinsBuildRun() {
    }

    /** Runs the tests to their end and returns the summary; the freestyle builder's way. Interrupting aborts. */
    static Map<String, Object> runToEnd(RunSettings settings, Run<?, ?> build, FilePath workspace, EnvVars env,
            Launcher launcher, TaskListener listener) throws IOException, InterruptedException {
        SecretEnvironment secrets = secrets(settings, build);
        BuildRun run = launch(settings, secrets, build, workspace, env, launcher, listener);
        SecretMasker masker = secrets.masker();
        AgentReach reach = AgentReach.of(workspace);
        AgentContact contact = contact(reach);
        boolean movedToNewConnection = true;
        try {
            while (true) {
                Optional<Map<String, Object>> summary;
                try {
                    summary = poll(run, settings, build, workspace, launcher, listener, masker);
                    agentAnswers(contact, build, listener);
                } catch (IOException | RuntimeException e) {
                    // RuntimeException: remoting's RequestAbortedException, for a call cut off as the connection broke.
                    if (!reach.isLostContact(e)) {
                        throw e;
                    }
                    summary = Optional.empty();
                    // The agent's connection broke: the tests go on there; wait for it, then read on where it was.
                    FilePath again;
                    Launcher launcherAgain;
                    while ((again = reach.workspace()) == null || (launcherAgain = reach.launcher(listener)) == null) {
                        Optional<String> failure = agentOutOfReach(contact, run, build, listener);
                        if (failure.isPresent()) {
                            throw new AbortException(failure.get());
                        }
                        Thread.sleep(5000);
                    }
                    workspace = again;
                    launcher = launcherAgain;
                    // At once, not at the end: whatever ends this build from here (verdict, failure, abort), Jenkins
                    // then ends it through the new connection.
                    movedToNewConnection = FreestyleLauncher.moveToCurrentConnection(build, listener);
                }
                if (summary.isPresent()) {
                    if (!movedToNewConnection) {
                        // Jenkins would end this build through the connection it started on, which broke: its
                        // end-of-build clean-up may fail it. The results above are whole all the same.
                        listener.getLogger().println("System Tests: every test was read after " + reach.displayName()
                                + " came back. Jenkins may still fail this freestyle build at its end (\"Remote call on "
                                + reach.displayName() + " failed\"): it could not be moved to the new agent "
                                + "connection; a Pipeline's runSystemTests always is.");
                    }
                    return summary.get();
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            abort(run, workspace, launcher, listener);
            throw e;
        }
    }

    /** The wait for this agent should its connection break, as long as the administrator configured. */
    static AgentContact contact(AgentReach reach) {
        return new AgentContact(reach.displayName(),
                Duration.ofSeconds(SystemTestsConfiguration.get().getAgentReconnectTimeoutSeconds()));
    }

    /** The agent answered a poll: if contact had been lost, say it is back. */
    static void agentAnswers(AgentContact contact, Run<?, ?> build, TaskListener listener) {
        Optional<String> back = contact.back(Instant.now());
        if (back.isPresent()) {
            listener.getLogger().println(back.get());
            AgentOfflineNotice.clear(build);
        }
    }

    /**
     * The agent cannot be reached: says so once (build log and page); past the configured wait, ends the run without
     * its runner's word (unfinished tests {@code error} with the reason) and returns why the build fails.
     */
    static Optional<String> agentOutOfReach(AgentContact contact, BuildRun run, Run<?, ?> build,
            TaskListener listener) throws IOException {
        Instant now = Instant.now();
        Optional<String> lost = contact.lost(now, ZoneId.systemDefault());
        if (lost.isPresent()) {
            listener.getLogger().println(lost.get());
            AgentOfflineNotice.show(build, contact.agent(), contact.lostSince().orElse(now),
                    contact.lostSince().orElse(now).plus(contact.limit()));
        }
        if (!contact.expired(now)) {
            return Optional.empty();
        }
        String reason = contact.gaveUpReason(ZoneId.systemDefault());
        // Cleared first: the run page stops following a run once it ended, keeping what its last answer said.
        AgentOfflineNotice.clear(build);
        listener.getLogger().println(run.giveUp(SystemTestsService.get().ingestion(), reason));
        return Optional.of("System Tests failed the build: " + reason);
    }

    /**
     * Checks the build may run, and starts the runner detached on the build's agent with the credentials'
     * variables; returns at once.
     */
    static BuildRun launch(RunSettings settings, SecretEnvironment secrets, Run<?, ?> build, FilePath workspace,
            EnvVars env, Launcher launcher, TaskListener listener) throws IOException, InterruptedException {
        PrintStream log = listener.getLogger();
        if (settings.environment().isPresent()) {
            requireHeld(settings.environment().get().id(), build, log);
        }
        workspace.mkdirs(); // a job whose tests all come from the library has no workspace yet
        if (!(build instanceof AbstractBuild)) {
            recordTestFiles(build, workspace);
        }
        Cause.UserIdCause startedByUser = build.getCause(Cause.UserIdCause.class);
        BuildRun.Origin origin = new BuildRun.Origin(env.getOrDefault("NODE_NAME", "built-in"), build.getUrl(),
                startedByUser == null ? null : startedByUser.getUserId());
        List<String> quarantined = QuarantineVerdicts.activeTestIds(build);
        if (!quarantined.isEmpty()) {
            log.println("System Tests: quarantined in this job (their failures do not decide the result): "
                    + String.join(", ", quarantined));
        }
        try {
            return BuildRun.start(new JenkinsAgent(workspace, launcher, listener), settings.withQuarantined(quarantined),
                    origin, SystemTestsService.get().library(), secrets, env, VENVS_TO_KEEP, log::println);
        } catch (RejectedException e) {
            throw new AbortException("System Tests: " + e.getMessage());
        }
    }

    /**
     * The run's credentials, looked up once per start of the step (and again after a restart, since secrets are not
     * saved): the variables for the runner and the masker of its console.
     */
    static SecretEnvironment secrets(RunSettings settings, Run<?, ?> build) throws AbortException {
        return CredentialsLookup.resolve(settings.credentials(), build);
    }

    /**
     * Takes what the runner wrote since the last poll. Returns the summary once the runner has ended; the build is
     * then marked unstable, or fails, as the settings say.
     */
    static Optional<Map<String, Object>> poll(BuildRun run, RunSettings settings, Run<?, ?> build, FilePath workspace,
            Launcher launcher, TaskListener listener, SecretMasker masker) throws IOException, InterruptedException {
        SystemTestsService service = SystemTestsService.get();
        PrintStream log = listener.getLogger();
        Optional<BuildRun.Finished> finished;
        try {
            finished = run.poll(new JenkinsAgent(workspace, launcher, listener), service.ingestion(), masker, settings,
                    log::print, runnerGoneAfter());
        } catch (BuildRun.NotReported e) {
            throw new AbortException("System Tests: " + e.getMessage());
        }
        if (finished.isEmpty()) {
            return Optional.empty();
        }
        BuildRun.Finished done = finished.get();
        done.notes().forEach(log::println);
        return Optional.of(conclude(done, settings, build, log));
    }

    /**
     * The build's side of a run that several environments shared: the counts in the build log, the build unstable or
     * failed as the settings say, and the step's summary (as {@link #poll} does for a run on one environment).
     */
    static Map<String, Object> conclude(BuildRun.Finished done, RunSettings settings, Run<?, ?> build, PrintStream log)
            throws IOException {
        // The job's quarantined tests never decide the build's result (their failures stay shown).
        Verdict verdict = QuarantineVerdicts.decide(build, done.runId(), done.summary(), done.verdict(), settings, log);
        log.println("System Tests: " + TestStatus.describe(done.summary().counts(), done.summary().flaky())
                + "; JUnit XML in " + settings.junitXml());
        if (verdict.result() == Verdict.Result.FAILURE) {
            throw new AbortException("System Tests failed the build: " + verdict.reason());
        }
        if (verdict.result() == Verdict.Result.UNSTABLE) {
            log.println("System Tests marked the build unstable: " + verdict.reason());
            build.setResult(Result.UNSTABLE);
        }
        return Verdict.summary(done.summary().counts(), done.summary().flaky(), done.summary().status(), verdict,
                done.runId(), runPage(build, done.runId()));
    }

    /** The summary's {@code url}: the run on its build's System Tests page, where people follow it (not the JSON). */
    static String runPage(Run<?, ?> build, long runId) {
        String root = Jenkins.get().getRootUrl();
        return (root == null ? "/" : root) + build.getUrl() + PluginUrls.URL_NAME + "/#run-" + runId;
    }

    /**
     * Ends every process of the run (whatever its place in the process tree, TERM-ignoring children included), ends
     * the run with its unfinished tests cancelled, and keeps the output its tests wrote.
     */
    static void abort(BuildRun run, FilePath workspace, Launcher launcher, TaskListener listener) {
        PrintStream log = listener.getLogger();
        boolean interrupted = Thread.interrupted(); // the abort is handled here; the cleanup must not be cut short
        try {
            JenkinsAgent agent = new JenkinsAgent(workspace, launcher, listener);
            Jenkins jenkins = Jenkins.getInstanceOrNull();
            if (jenkins == null || jenkins.isTerminating()) {
                // A freestyle build interrupted by a shutdown: it cannot go on after the restart, so neither do its
                // tests. The store is closing; the run is ended as silent at the next start.
                run.endProcesses(agent);
                log.println("System Tests: Jenkins is stopping, and a freestyle build cannot go on after a restart, so "
                        + "its tests were ended. Run the build again (a Pipeline's runSystemTests goes on instead).");
                return;
            }
            run.abort(agent, SystemTestsService.get().ingestion()).forEach(log::println);
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

    /** A Pipeline's workspace test files, for the System tests parameter's tree; a failure to list them is no error. */
    private static void recordTestFiles(Run<?, ?> build, FilePath workspace) throws InterruptedException {
        try {
            WorkspaceTestFiles.record(build, workspace);
        } catch (IOException | RuntimeException e) {
            LOGGER.log(Level.FINE, "Could not list the test files of " + build.getFullDisplayName(), e);
        }
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

}
