package io.jenkins.plugins.systemtests.jenkins.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Cause;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.systemtests.core.api.JobHistory;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import io.jenkins.plugins.systemtests.core.queue.QueueRun;
import io.jenkins.plugins.systemtests.core.queue.TestDurations;
import io.jenkins.plugins.systemtests.core.runner.BuildRun;
import io.jenkins.plugins.systemtests.core.runner.RunSettings;
import io.jenkins.plugins.systemtests.core.secrets.SecretEnvironment;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A shared queue's view of a build ({@link QueueRun.Lab}): lockable-resources' locks for its environments, where each
 * share's runner runs — the build's node (one runner process per environment, each with its own files) or, with
 * {@code agentLabel}, an agent with the label ({@link ShareAgents}, the build's workspace copied there) — the job's
 * past durations, and the build's JUnit XML. Made for each poll; what must be saved is in {@link ShareAgents}.
 */
final class SharedQueueLab implements QueueRun.Lab {
    private static final Logger LOGGER = Logger.getLogger(SharedQueueLab.class.getName());

    private final Run<?, ?> build;
    private final TaskListener listener;
    private final Map<String, String> resources;
    private final RunSettings settings;
    private final SecretEnvironment secrets;
    private final EnvVars env;
    private final Supplier<FilePath> workspace;
    private final Supplier<Launcher> launcher;
    @CheckForNull
    private final ShareAgents agents;
    /** The build's workspace by node and path: whether a failed call there was its connection breaking. */
    private final AgentReach buildReach;

    /**
     * @param resources each environment's lockable resource
     * @param workspace the build's workspace, or null while its agent cannot be reached
     * @param launcher  the build's launcher, or null while its agent cannot be reached
     * @param agents    where the shares run with {@code agentLabel}; null: on the build's node
     */
    SharedQueueLab(Run<?, ?> build, TaskListener listener, Map<String, String> resources, RunSettings settings,
            SecretEnvironment secrets, EnvVars env, Supplier<FilePath> workspace, Supplier<Launcher> launcher,
            @CheckForNull ShareAgents agents, AgentReach buildReach) {
        this.build = build;
        this.listener = listener;
        this.resources = resources;
        this.settings = settings;
        this.secrets = secrets;
        this.env = env;
        this.workspace = workspace;
        this.launcher = launcher;
        this.agents = agents;
        this.buildReach = buildReach;
    }

    @Override
    public boolean lostContact(String environment, Exception failure) throws InterruptedException {
        AgentReach reach = agents == null ? buildReach : agents.reach(environment);
        return reach != null && reach.isLostContact(failure);
    }

    @Override
    public boolean tryLock(String environment) {
        return EnvironmentLocks.tryLock(resources.get(environment), build);
    }

    @Override
    public boolean place(String environment) throws IOException, InterruptedException {
        return agents == null || agents.place(environment, build, listener);
    }

    @Override
    public void release(String environment) {
        EnvironmentLocks.release(resources.get(environment), build);
        if (agents != null) {
            agents.release(environment);
        }
    }

    @Override
    public BuildRun launch(String environment) throws IOException, InterruptedException, RejectedException {
        FilePath here = workspace.get();
        Launcher there = here == null ? null : launcher.get();
        if (there == null) {
            throw new AbortException("System Tests: the build's agent cannot be reached to start environment "
                    + environment + "'s share");
        }
        EnvVars shareEnv = env;
        Map<String, String> reportedPaths = Map.of();
        if (agents != null) {
            FilePath shareWorkspace = agents.workspace(environment);
            Launcher shareLauncher = shareWorkspace == null ? null : agents.launcher(environment, listener);
            if (shareLauncher == null) {
                throw new AbortException("System Tests: the agent of environment " + environment + "'s share ("
                        + agents.nodeName(environment) + ") cannot be reached to start it");
            }
            copyTests(here, shareWorkspace);
            shareEnv = new EnvVars(env);
            shareEnv.put("NODE_NAME", agents.nodeName(environment));
            shareEnv.put("WORKSPACE", shareWorkspace.getRemote());
            // Reported as the build's workspace (and library folder): one name per test whichever agent runs it.
            reportedPaths = new java.util.LinkedHashMap<>();
            reportedPaths.put(shareWorkspace.getRemote(), here.getRemote());
            reportedPaths.put(new JenkinsAgent(shareWorkspace, shareLauncher, listener).folder(),
                    new JenkinsAgent(here, there, listener).folder());
            here = shareWorkspace;
            there = shareLauncher;
        }
        Cause.UserIdCause startedByUser = build.getCause(Cause.UserIdCause.class);
        // Every share reports as the build's machine: the one run is the build's, whichever agent a share runs on.
        BuildRun.Origin origin = new BuildRun.Origin(env.getOrDefault("NODE_NAME", "built-in"), build.getUrl(),
                startedByUser == null ? null : startedByUser.getUserId());
        listener.getLogger().println("System Tests: environment " + environment + " (" + resources.get(environment)
                + ") is held by this build");
        return BuildRun.startShare(new JenkinsAgent(here, there, listener), settings, origin,
                SystemTestsService.get().library(), secrets, shareEnv, JenkinsBuildRun.VENVS_TO_KEEP,
                listener.getLogger()::println, environment, reported(), reportedPaths);
    }

    /**
     * The build's workspace (its checkout: the tests, their helpers and data) copied to a share's own workspace on
     * another agent, replacing what an earlier build left there; SCM folders (.git and the like) are left out.
     */
    private void copyTests(FilePath from, FilePath to) throws IOException, InterruptedException {
        if (from.getRemote().equals(to.getRemote()) && from.toComputer() == to.toComputer()) {
            return;
        }
        to.mkdirs();
        to.deleteContents();
        int copied = from.copyRecursiveTo("**/*", null, to);
        listener.getLogger().println("System Tests: " + copied + " files of the workspace copied to " + to.getRemote()
                + " for the share there");
    }

    /** The run's environment as its page shows it: all of them (the protocol's field holds 200 characters). */
    private String reported() {
        String all = String.join(", ", resources.keySet());
        return all.length() <= 200 ? all : all.substring(0, 199) + "\u2026";
    }

    @Override
    public BuildRun.Agent agent(String environment) {
        if (agents != null) {
            FilePath there = agents.workspace(environment);
            Launcher launcher = there == null ? null : agents.launcher(environment, listener);
            return launcher == null ? null : new JenkinsAgent(there, launcher, listener);
        }
        FilePath here = workspace.get();
        Launcher there = here == null ? null : launcher.get();
        return there == null ? null : new JenkinsAgent(here, there, listener);
    }

    @Override
    public Map<String, Long> medians(Set<String> keys) {
        try {
            SystemTestsService service = SystemTestsService.get();
            return TestDurations.medians(new JobHistory(service.results()).runsOf(service.reader().summaries(),
                    build.getParent().getFullName()), service.results(), keys);
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "System Tests: no past durations; the queue keeps plan order", e);
            return Map.of();
        }
    }

    @Override
    public void writeJunit(byte[] xml) throws IOException, InterruptedException {
        FilePath here = workspace.get();
        if (here == null) {
            listener.getLogger().println("System Tests: the JUnit XML could not be written: the agent is out of reach");
            return;
        }
        FilePath file = here.child(settings.junitXml());
        FilePath parent = file.getParent();
        if (parent != null) {
            parent.mkdirs();
        }
        file.copyFrom(new ByteArrayInputStream(xml));
    }
}
