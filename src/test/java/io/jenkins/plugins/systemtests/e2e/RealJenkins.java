package io.jenkins.plugins.systemtests.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Jenkins as users run it: {@code java -jar jenkins.war} in a process of its own, a fresh home with the plugins of
 * {@code ../shared/jenkins} (or {@code JENKINS_WAR} and {@code JENKINS_PLUGINS}) and the freshly built .hpi,
 * security on (users {@code admin}, {@code lab} with SystemTests/Report, {@code reader}; anonymous may not read),
 * listening on 127.0.0.1 only. Stopped with SIGTERM to its own PID; started again on the same home for a restart.
 */
final class RealJenkins implements AutoCloseable {
    static final Path BASEDIR = Path.of(System.getProperty("project.basedir", ".")).toAbsolutePath().normalize();
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(3);

    final Path home;
    final int port;
    final String url;
    private final Path war;
    private final Path log;
    private Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private RealJenkins(Path war, Path home, int port) {
        this.war = war;
        this.home = home;
        this.port = port;
        this.url = "http://127.0.0.1:" + port + "/";
        this.log = home.resolve("jenkins.log");
    }

    /** Where the Jenkins war and its plugins are, or why there is none to test against (and how to point at one). */
    record Installation(Path war, Path plugins) {
        static Installation find() {
            String war = System.getenv("JENKINS_WAR");
            String plugins = System.getenv("JENKINS_PLUGINS");
            Path shared = BASEDIR.resolve("../shared/jenkins").normalize();
            Installation found = war != null && plugins != null ? new Installation(Path.of(war), Path.of(plugins))
                    : new Installation(shared.resolve("jenkins.war"), shared.resolve("plugins"));
            return Files.isRegularFile(found.war) && Files.isDirectory(found.plugins) ? found : null;
        }

        static String missing() {
            return "No Jenkins to run the end-to-end suite against: neither ../shared/jenkins (jenkins.war and plugins/) "
                    + "beside the project nor JENKINS_WAR (a Jenkins 2.516.3 war) and JENKINS_PLUGINS (a folder of the "
                    + "plugins' .jpi/.hpi files) in the environment. Set those two and run mvn verify again.";
        }
    }

    static RealJenkins start(Installation installation, Path home, Path hpi) throws Exception {
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        try (Stream<Path> files = Files.list(installation.plugins())) {
            for (Path plugin : files.filter(f -> f.toString().endsWith(".jpi") || f.toString().endsWith(".hpi")).toList()) {
                String name = plugin.getFileName().toString().replaceFirst("\\.hpi$", ".jpi");
                Files.copy(plugin, plugins.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.copy(hpi, plugins.resolve("system-tests.jpi"), StandardCopyOption.REPLACE_EXISTING);
        Path init = Files.createDirectories(home.resolve("init.groovy.d"));
        try (var script = RealJenkins.class.getResourceAsStream("security.groovy")) {
            Files.copy(script, init.resolve("security.groovy"), StandardCopyOption.REPLACE_EXISTING);
        }
        RealJenkins jenkins = new RealJenkins(installation.war(), home, freePort());
        jenkins.boot();
        return jenkins;
    }

    /** Starts the JVM on this home and waits until Jenkins answers. */
    void boot() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx768m", "-Djava.awt.headless=true",
                "-Djenkins.install.runSetupWizard=false", "-Dhudson.model.UpdateCenter.never=true",
                "-Dhudson.model.DownloadService.never=true", "-jar", war.toString(),
                "--httpListenAddress=127.0.0.1", "--httpPort=" + port, "--webroot=" + home.resolve("war")));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("JENKINS_HOME", home.toString());
        process = builder.start();
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Jenkins exited with " + process.exitValue() + "; see " + log);
            }
            if (Files.exists(token("lab")) && answers()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Jenkins did not come up within " + BOOT_TIMEOUT + "; see " + log);
    }

    private boolean answers() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url + "login")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200
                    && Files.readString(log).contains("Jenkins is fully up and running");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGTERM to the Jenkins JVM, then waits for it to exit (SIGKILL after two minutes). */
    void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
        }
    }

    void restart() throws Exception {
        stop();
        boot();
    }

    /** The Jenkins JVM's process id, for measuring it from outside (heap, open files). */
    long pid() {
        return process.pid();
    }

    Path token(String user) {
        return home.resolve("e2e-tokens").resolve(user);
    }

    String authorization(String user) throws IOException {
        String credentials = user + ":" + Files.readString(token(user)).trim();
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(String user, String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60));
        if (user != null) {
            request.header("Authorization", authorization(user));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String user, String path, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (user != null) {
            request.header("Authorization", authorization(user));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
