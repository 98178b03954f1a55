package io.jenkins.plugins.systemtests.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * An OpenSSH server of the test's own, as a lab machine's: listening on 127.0.0.1 only, on a free port, started as the
 * current user (no privilege, no PAM) from its own configuration in a scratch folder: a host key and a client key made
 * there with ssh-keygen, the client key the only one authorized. Stopped by its PID; started again on the same port and
 * keys. Needs Debian's openssh-server ({@code /usr/sbin/sshd}); the system's ssh service is never involved.
 */
final class LoopbackSshd implements AutoCloseable {
    private static final Path SSHD = Path.of(System.getenv().getOrDefault("SSHD", "/usr/sbin/sshd"));

    final Path dir;
    final int port;
    private final Path config;
    private Process process;

    private LoopbackSshd(Path dir, int port) {
        this.dir = dir;
        this.port = port;
        this.config = dir.resolve("sshd_config");
    }

    /** Makes the keys and the configuration in {@code dir}, and starts the server; skips (or fails, when required). */
    static LoopbackSshd start(Path dir) throws Exception {
        if (!Files.isExecutable(SSHD)) {
            String missing = "The SSH agent scenarios need OpenSSH's server at " + SSHD + " (Debian: apt-get install "
                    + "openssh-server; the system service need not run)";
            if (Boolean.getBoolean("systemtests.e2e.required")) {
                throw new IllegalStateException(missing);
            }
            Assumptions.abort(missing);
        }
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "e2e host", "-f", dir.resolve("host_key").toString());
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "e2e jenkins", "-f",
                dir.resolve("client_key").toString());
        Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
        LoopbackSshd sshd = new LoopbackSshd(dir, freePort());
        Files.writeString(sshd.config, String.join("\n", List.of(
                "ListenAddress 127.0.0.1",
                "Port " + sshd.port,
                "HostKey " + dir.resolve("host_key"),
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "StrictModes no",
                "UsePAM no",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PubkeyAuthentication yes",
                "PermitRootLogin prohibit-password",
                "Subsystem sftp internal-sftp", // ssh-slaves copies remoting.jar with SFTP
                "")));
        sshd.start();
        return sshd;
    }

    /** The client's private key, for Jenkins' SSH credential. */
    String privateKey() throws IOException {
        return Files.readString(dir.resolve("client_key"), StandardCharsets.US_ASCII);
    }

    /** Starts the server in the foreground ({@code -D}), so its PID is the one stopped; waits until it listens. */
    void start() throws Exception {
        if (process != null && process.isAlive()) {
            return;
        }
        privilegeSeparationFolder();
        process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sshd.log").toFile()))
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("sshd exited with " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("sshd.log")));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("sshd did not listen on 127.0.0.1:" + port + " within 20 s");
    }

    /**
     * Stops the listening server by its PID: no new connection is accepted. A connection already made lives on in its
     * own process until its client ends it.
     */
    void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /**
     * Run as root, sshd insists on its privilege separation folder, which the system's ssh service would create at its
     * start; made here the same way (an empty folder, root's, 0755), for CI containers that run as root.
     */
    private static void privilegeSeparationFolder() throws IOException {
        Path folder = Path.of("/run/sshd");
        if ("root".equals(System.getProperty("user.name")) && !Files.isDirectory(folder)) {
            Files.createDirectories(folder);
        }
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
