package io.jenkins.plugins.systemtests.jenkins.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jvnet.hudson.test.JenkinsRule;

/** Helpers for the JenkinsRule tests: Pipelines that write Python tests into the workspace, and waiting. */
public final class Pipelines {
    private Pipelines() {
    }

    /** A Pipeline job whose script runs {@code body} on a node after writing each test file into the workspace. */
    public static WorkflowJob job(JenkinsRule j, String name, Map<String, String> testFiles, String body)
            throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class, name);
        job.setDefinition(new CpsFlowDefinition("node {\n" + writeFiles(testFiles) + body + "\n}", true));
        return job;
    }

    /** {@code writeFile} steps for the given files, with their text as Groovy strings. */
    public static String writeFiles(Map<String, String> testFiles) {
        return testFiles.entrySet().stream()
                .map(e -> "writeFile file: '" + e.getKey() + "', text: '''" + e.getValue().replace("\\", "\\\\")
                        .replace("'''", "\\'\\'\\'") + "'''\n")
                .collect(Collectors.joining());
    }

    /** Waits until the condition holds, failing after the timeout. */
    public static void await(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    /** Whether a process runs (not gone and not a zombie waiting to be reaped), read from /proc. */
    public static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException gone) {
            return false;
        }
    }
}
