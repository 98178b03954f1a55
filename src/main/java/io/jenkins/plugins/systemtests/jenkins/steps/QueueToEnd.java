package io.jenkins.plugins.systemtests.jenkins.steps;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import io.jenkins.plugins.systemtests.core.queue.QueueRun;
import io.jenkins.plugins.systemtests.core.runner.BuildRun;
import io.jenkins.plugins.systemtests.core.runner.RunSettings;
import io.jenkins.plugins.systemtests.core.secrets.SecretEnvironment;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsConfiguration;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import io.jenkins.plugins.systemtests.jenkins.results.SharedQueueLanes;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;

/**
 * The freestyle builder's shared queue: the same {@link QueueRun} as the Pipeline step's, polled on the build's own
 * thread until every share has ended. Interrupting (an abort) ends every share and frees every environment.
 */
final class QueueToEnd {
    private QueueToEnd() {
    }

    static Map<String, Object> run(RunSettings settings, Map<String, String> resources, Run<?, ?> build,
            FilePath workspace, EnvVars env, Launcher launcher, TaskListener listener, ShareAgents agents)
            throws IOException, InterruptedException {
        PrintStream log = listener.getLogger();
        workspace.mkdirs();
        SecretEnvironment secrets = JenkinsBuildRun.secrets(settings, build);
        AgentReach reach = AgentReach.of(workspace);
        SharedQueueLab lab = new SharedQueueLab(build, listener, resources, settings, secrets, env,
                () -> workspace.toComputer() != null && workspace.toComputer().isOnline() ? workspace : reach.workspace(),
                () -> launcher, agents, reach);
        QueueRun queue = new QueueRun(new ArrayList<>(resources.keySet()), System.currentTimeMillis());
        queue.setUnreachableLimit(Duration.ofSeconds(SystemTestsConfiguration.get().getAgentReconnectTimeoutSeconds()));
        log.println("System Tests: one queue across environments " + String.join(", ", resources.keySet())
                + "; each starts its share as soon as it is free"
                + (agents == null ? "" : ", on an agent labelled '" + agents.label() + "'"));
        try {
            while (true) {
                String before = queue.describe();
                Optional<BuildRun.Finished> finished;
                try {
                    finished = queue.poll(lab, SystemTestsService.get().ingestion(), secrets.masker(), settings,
                            log::print, log::println, JenkinsBuildRun.runnerGoneAfter(), System.currentTimeMillis());
                } catch (BuildRun.NotReported | RejectedException e) {
                    throw new AbortException("System Tests: " + e.getMessage());
                }
                if (!before.equals(queue.describe()) || finished.isPresent()) {
                    queue.lanes().ifPresent(lanes -> SharedQueueLanes.record(build, lanes));
                }
                if (finished.isPresent()) {
                    finished.get().notes().forEach(log::println);
                    return JenkinsBuildRun.conclude(finished.get(), settings, build, log);
                }
                Thread.sleep(JenkinsBuildRun.POLL_MILLIS);
            }
        } catch (InterruptedException | IOException | RuntimeException e) {
            boolean interrupted = Thread.interrupted(); // the abort is handled here; its cleanup must not be cut short
            queue.abort(lab, SystemTestsService.get().ingestion(), System.currentTimeMillis()).forEach(log::println);
            queue.lanes().ifPresent(lanes -> SharedQueueLanes.record(build, lanes));
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            throw e;
        }
    }
}
