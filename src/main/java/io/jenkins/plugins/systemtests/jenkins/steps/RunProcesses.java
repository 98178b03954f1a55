package io.jenkins.plugins.systemtests.jenkins.steps;

import hudson.Launcher;
import hudson.util.ProcessTree;
import hudson.remoting.VirtualChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jenkins.security.MasterToSlaveCallable;

/**
 * The processes of one run on its agent, found by the run's cookie variable (the core's {@code BuildRun.RUN_COOKIE})
 * wherever they are in the process tree. Ending them sends SIGTERM, waits a grace period, then SIGKILL to what is
 * left: Jenkins' own process killer only sends SIGTERM, so a test's child that ignores it would outlive the build
 * and keep a lab rig busy.
 */
final class RunProcesses {
    /** How long processes get to end after SIGTERM; tuning knob named after the class. */
    static final long GRACE_MILLIS = Long.getLong(RunProcesses.class.getName() + ".graceMillis", 3000);

    private RunProcesses() {
    }

    /** Ends every process with this variable set to this value on the launcher's machine; returns how many. */
    static int end(Launcher launcher, String variable, String cookie) throws IOException, InterruptedException {
        VirtualChannel channel = launcher.getChannel();
        if (channel == null) {
            return 0; // the agent is gone, and its processes with it or beyond reach
        }
        return channel.call(new EndByCookie(variable, cookie, GRACE_MILLIS));
    }

    private static final class EndByCookie extends MasterToSlaveCallable<Integer, InterruptedException> {
        private static final long serialVersionUID = 1L;

        private final String variable;
        private final String cookie;
        private final long graceMillis;

        EndByCookie(String variable, String cookie, long graceMillis) {
            this.variable = variable;
            this.cookie = cookie;
            this.graceMillis = graceMillis;
        }

        @Override
        public Integer call() throws InterruptedException {
            List<ProcessHandle> found = new ArrayList<>();
            for (ProcessTree.OSProcess process : ProcessTree.get()) {
                if (cookie.equals(process.getEnvironmentVariables().get(variable))) {
                    ProcessHandle.of(process.getPid()).ifPresent(found::add);
                }
            }
            found.forEach(ProcessHandle::destroy);
            long deadline = System.nanoTime() + Duration.ofMillis(graceMillis).toNanos();
            while (found.stream().anyMatch(EndByCookie::running) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            found.stream().filter(EndByCookie::running).forEach(ProcessHandle::destroyForcibly);
            return found.size();
        }

        /** Alive and not a zombie: an ended process whose parent has not reaped it yet holds nothing. */
        private static boolean running(ProcessHandle process) {
            if (!process.isAlive()) {
                return false;
            }
            Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
            try {
                String text = Files.readString(stat, StandardCharsets.UTF_8);
                return text.charAt(text.lastIndexOf(')') + 2) != 'Z';
            } catch (IOException | RuntimeException notLinux) {
                return process.isAlive();
            }
        }
    }
}
