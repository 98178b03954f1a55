package io.jenkins.plugins.systemtests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.systemtests.core.json.Json;
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
import org.junit.jupiter.api.Assumptions;

/**
 * Jenkins as users run it: {@code java -jar jenkins.war} in a process of its own, a fresh home with the plugins of
 * {@code ../shared/jenkins} (or {@code JENKINS_WAR} and {@code JENKINS_PLUGINS}) and the freshly built .hpi,
 * security on (users {@code admin}, {@code lab} with SystemTests/Report, {@code reader}, {@code uploader} with
 * SystemTests/Upload, {@code builder} with Job/Build and Job/Workspace; anonymous may not read),
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
                "-Dhudson.model.DownloadService.never=true"));
        // For profiling a benchmark's Jenkins, e.g. -Dbench.jenkinsJvmOptions=-XX:StartFlightRecording=filename=x.jfr
        String extra = System.getProperty("bench.jenkinsJvmOptions", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-jar", war.toString(), "--httpListenAddress=127.0.0.1", "--httpPort=" + port,
                "--webroot=" + home.resolve("war")));
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

    private static RealJenkins shared;

    /**
     * The one Jenkins every end-to-end test class of this JVM shares (the e2e execution reuses its fork): booting one
     * takes a minute on a 2-core machine, so each new scenario costs its own time only. Started on first use in a
     * fresh {@code target/e2e-home}, stopped when the JVM exits; its log is kept in {@code target/e2e-jenkins.log}.
     * Without a Jenkins to test against the calling class is skipped, or fails when {@code systemtests.e2e.required}.
     * Classes must not depend on each other's jobs: each names its own.
     */
    static synchronized RealJenkins shared() throws Exception {
        if (shared != null) {
            return shared;
        }
        Installation installation = Installation.find();
        if (installation == null) {
            if (Boolean.getBoolean("systemtests.e2e.required")) {
                throw new IllegalStateException(Installation.missing());
            }
            System.out.println(Installation.missing());
            Assumptions.abort(Installation.missing());
        }
        Path hpi = BASEDIR.resolve("target/system-tests.hpi");
        assertThat(hpi).as("the plugin, built by mvn package").isRegularFile();
        Path home = BASEDIR.resolve("target/e2e-home");
        deleteTree(home);
        RealJenkins jenkins = start(installation, Files.createDirectories(home), hpi);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.copy(jenkins.log, BASEDIR.resolve("target/e2e-jenkins.log"), StandardCopyOption.REPLACE_EXISTING);
                jenkins.stop();
            } catch (IOException | InterruptedException e) {
                System.err.println("Could not stop the end-to-end Jenkins: " + e);
            }
        }, "stop end-to-end Jenkins"));
        shared = jenkins;
        return jenkins;
    }

    /** How far the log is now: {@code logSince(mark)} is what a test class caused, for its own log check. */
    long logMark() throws IOException {
        return Files.size(log);
    }

    String logSince(long mark) throws IOException {
        String all = log();
        return all.substring((int) Math.min(mark, all.length()));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /**
     * For benchmarks: a Jenkins with the built plugin in a fresh home, or the test skipped saying how to provide one
     * (benchmarks are never required; the end-to-end suite is, on CI).
     */
    static RealJenkins startOrSkip(Path home) throws Exception {
        Installation installation = Installation.find();
        Assumptions.assumeTrue(installation != null, Installation.missing());
        return start(installation, home, BASEDIR.resolve("target/system-tests.hpi"));
    }

    /** A Pipeline job's config.xml with this script, sandboxed. */
    static String pipelineConfig(String script) {
        return """
                <?xml version='1.1' encoding='UTF-8'?>
                <flow-definition plugin="workflow-job">
                  <definition class="org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition" plugin="workflow-cps">
                    <script>%s</script>
                    <sandbox>true</sandbox>
                  </definition>
                </flow-definition>
                """.formatted(script.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
    }

    /**
     * A freestyle job's config.xml: it queues for test environment {@code environment} (lockable-resources' job
     * property), writes one test with a shell step ({@code printf} text, so {@code \\n} for new lines) and runs it
     * with the System Tests build step; {@code wrappers} is XML for build wrappers, or empty.
     */
    static String freestyleConfig(String environment, String testFile, String printfText, String wrappers) {
        return """
                <?xml version='1.1' encoding='UTF-8'?>
                <project>
                  <properties>
                    <org.jenkins.plugins.lockableresources.RequiredResourcesProperty plugin="lockable-resources">
                      <resourceNames>system-test-env-%1$s</resourceNames>
                    </org.jenkins.plugins.lockableresources.RequiredResourcesProperty>
                  </properties>
                  <builders>
                    <hudson.tasks.Shell>
                      <command>mkdir -p t &amp;&amp; printf "%3$s" &gt; %2$s</command>
                    </hudson.tasks.Shell>
                    <io.jenkins.plugins.systemtests.jenkins.steps.SystemTestsBuilder plugin="system-tests">
                      <tests>%2$s</tests>
                      <environment>%1$s</environment>
                    </io.jenkins.plugins.systemtests.jenkins.steps.SystemTestsBuilder>
                  </builders>
                  <buildWrappers>%4$s</buildWrappers>
                </project>
                """.formatted(environment, testFile, printfText, wrappers);
    }

    /** Creates a job from its config.xml, as admin. */
    void createJob(String name, String configXml) throws Exception {
        HttpResponse<String> created = post("admin", "createItem?name=" + name, "application/xml",
                configXml.getBytes(StandardCharsets.UTF_8));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    }

    /** Starts a build and returns its number, read from the queue item once the build has left the queue. */
    int startBuild(String job, Duration timeout) throws Exception {
        HttpResponse<String> queued = post("admin", "job/" + job + "/build?delay=0sec", null, new byte[0]);
        assertThat(queued.statusCode()).isEqualTo(201);
        String path = queued.headers().firstValue("Location").orElseThrow().substring(url.length()) + "api/json";
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode executable = Json.MAPPER.readTree(get("admin", path).body()).path("executable");
            if (executable.has("number")) {
                return executable.path("number").asInt();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("build of " + job + " did not start within " + timeout);
    }

    /** Waits until a build has finished: its result, building, timestamp and duration from the JSON API. */
    JsonNode awaitResult(String job, int number, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> answer = get("admin", "job/" + job + "/" + number
                    + "/api/json?tree=result,building,timestamp,duration");
            if (answer.statusCode() == 200) {
                JsonNode build = Json.MAPPER.readTree(answer.body());
                if (!build.path("building").asBoolean(true) && !build.path("result").isNull()) {
                    return build;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError(job + " #" + number + " did not finish within " + timeout);
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
