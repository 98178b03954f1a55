package io.jenkins.plugins.systemtests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.systemtests.core.json.Json;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #27 on a real Jenkins: a Pipeline job declaring the System tests and Test environment parameters by their
 * symbols is started from Build with Parameters in Chromium by a user with Job/Build, and from
 * {@code buildWithParameters} with curl and an API token, as docs/api.md shows; each build runs exactly the tests chosen,
 * in the environment chosen, and a second build for an environment that a first one holds waits for it, saying who
 * holds it, and runs after; the same for a freestyle job with {@code ${ENV}} in its step, which waits in the queue.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(NoPluginProblemsInLog.class)
class BuildParametersEndToEndTest {
    private static final String JOB = "e2e-params";
    private static final String LIBRARY_DIRECTORY = "e2e-params";
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    static Path scratch;

    private static RealJenkins jenkins;

    @BeforeAll
    static void aJobWithBothParametersAndALibraryOfTests() throws Exception {
        jenkins = RealJenkins.shared();
        upload(LIBRARY_DIRECTORY, Map.of("test_door_lock.py", "print('door locks')\n",
                "test_door_open.py", "print('door opens')\n",
                "test_window.py", "print('window')\n",
                "test_slow_soak.py", "import time\ntime.sleep(15)\nprint('soaked')\n"));
        jenkins.createJob(JOB, RealJenkins.pipelineConfig("""
                pipeline {
                  agent any
                  parameters {
                    systemTestFiles(name: 'TESTS', defaultTests: 't/test_smoke.py', description: 'The tests of this build')
                    testEnvironment(name: 'ENV', description: 'The test rig they run on')
                  }
                  stages {
                    stage('tests') {
                      steps {
                        writeFile file: 't/test_smoke.py', text: "print('smoke')\\n"
                        writeFile file: 't/test_power.py', text: "print('power')\\n"
                        writeFile file: 't/door/test_door_bell.py', text: "print('bell rings')\\n"
                        systemTests tests: params.TESTS, environment: params.ENV
                      }
                    }
                  }
                }
                """));
        // The first build declares the parameters (Declarative Pipeline saves them into the job), runs the default, and
        // keeps the test files of its workspace for the form's tree.
        int first = jenkins.startBuild(JOB, Duration.ofMinutes(2));
        JsonNode result = jenkins.awaitResult(JOB, first, BUILD_TIMEOUT);
        assertThat(result.path("result").asText()).as(console(first)).isEqualTo("SUCCESS");
        assertThat(console(first)).contains("PASSED  t/test_smoke.py");
    }

    @Test
    @Order(1)
    void a_user_searches_and_ticks_two_tests_and_environment_7_on_the_form_and_the_build_runs_exactly_them_there()
            throws Exception {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        Path puppeteer = RealJenkins.BASEDIR.resolve("src/test/js/node_modules/puppeteer-core");
        if (!Files.isExecutable(chromium) || !Files.isDirectory(puppeteer)) {
            String missing = "The browser part needs Debian's chromium (" + chromium + ") and puppeteer-core "
                    + "(npm ci --prefix src/test/js)";
            if (Boolean.getBoolean("systemtests.e2e.required")) {
                throw new IllegalStateException(missing);
            }
            Assumptions.abort(missing);
        }
        int next = Json.MAPPER.readTree(jenkins.get("admin", "job/" + JOB + "/api/json?tree=nextBuildNumber").body())
                .path("nextBuildNumber").asInt();
        String bell = "t/door/test_door_bell.py";
        String lock = "library:" + LIBRARY_DIRECTORY + "/test_door_lock.py";
        Path screenshot = RealJenkins.BASEDIR.resolve("target/e2e-screenshots/build-with-parameters.png");
        Path config = Files.writeString(scratch.resolve("form-config.json"), Json.MAPPER.writeValueAsString(Map.of(
                "url", jenkins.url, "user", "builder", "password", "builder-password-e2e", "job", JOB,
                "untick", List.of("t/test_smoke.py"), "search", "door", "tick", List.of(bell, lock),
                "environment", "7", "screenshot", screenshot.toString())));
        Path report = scratch.resolve("form-report.json");

        Process node = new ProcessBuilder("node", "browser/build-with-parameters.js", report.toString(), config.toString())
                .directory(RealJenkins.BASEDIR.resolve("src/test/js").toFile()).redirectErrorStream(true).start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(3, TimeUnit.MINUTES)).as(output).isTrue();
        assertThat(report).as(output).isRegularFile();
        JsonNode form = Json.MAPPER.readTree(report.toFile());
        assertThat(form.path("problems")).as(form.toPrettyString()).isEmpty();
        assertThat(texts(form.path("offered"))).as("the tree: the first build's workspace and the library")
                .contains("t/test_smoke.py", "t/test_power.py", bell, lock,
                        "library:" + LIBRARY_DIRECTORY + "/test_door_open.py",
                        "library:" + LIBRARY_DIRECTORY + "/test_window.py");
        assertThat(texts(form.path("checked"))).containsExactlyInAnyOrder(bell, lock);
        assertThat(form.path("count").asText()).startsWith("2");
        assertThat(form.path("environment").asText()).startsWith("7");
        assertThat(form.path("submitted").asBoolean()).isTrue();
        assertThat(screenshot).isRegularFile();
        // The user guide's picture of the form: refreshed on demand only, so that a run leaves the sources unchanged.
        Path docImage = RealJenkins.BASEDIR.resolve("docs/images/build-with-parameters.png");
        if (Boolean.getBoolean("systemtests.e2e.updateDocImages") || !Files.exists(docImage)) {
            Files.copy(screenshot, docImage, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }

        JsonNode result = jenkins.awaitResult(JOB, awaitBuild(next), BUILD_TIMEOUT);
        assertThat(result.path("result").asText()).as(console(next)).isEqualTo("SUCCESS");
        assertRan(next, "builder", "test_door_bell.py", "test_door_lock.py");
    }

    @Test
    @Order(2)
    void curl_starts_exactly_the_given_tests_in_environment_7_and_a_second_build_for_it_waits_for_the_first()
            throws Exception {
        String soak = "library:" + LIBRARY_DIRECTORY + "/test_slow_soak.py";
        int first = curlStart("TESTS=" + soak + "&TESTS=t/test_power.py&ENV=7");
        awaitConsole(first, "START   ", Duration.ofMinutes(2)); // it holds environment 7 now, for 15 s of soaking

        int second = curlStart("TESTS=t/test_smoke.py&ENV=7");

        String waiting = awaitConsole(second, "Waiting for test environment 7", Duration.ofMinutes(1));
        assertThat(waiting).as("the waiting build names the build holding the environment")
                .contains("system-test-env-7").contains("locked by " + JOB + "#" + first);
        assertThat(building(first)).as("the first build still runs while the second waits").isTrue();
        JsonNode firstResult = jenkins.awaitResult(JOB, first, BUILD_TIMEOUT);
        JsonNode secondResult = jenkins.awaitResult(JOB, second, BUILD_TIMEOUT);
        assertThat(firstResult.path("result").asText()).as(console(first)).isEqualTo("SUCCESS");
        assertThat(secondResult.path("result").asText()).as(console(second)).isEqualTo("SUCCESS");
        assertRan(first, "builder", "test_slow_soak.py", "test_power.py");
        assertRan(second, "builder", "test_smoke.py");
        assertThat(console(second)).contains("Got test environment 7 (system-test-env-7) after");
        Instant firstEnded = Instant.ofEpochMilli(firstResult.path("timestamp").asLong()
                + firstResult.path("duration").asLong());
        Instant secondRunCreated = Instant.parse(run(second).path("createdAt").asText());
        assertThat(secondRunCreated).as("the second build's tests started once the first had released environment 7")
                .isAfterOrEqualTo(firstEnded.minusSeconds(5));
    }

    /**
     * A freestyle job whose System Tests step has {@code ${ENV}} as its environment and no lockable-resources job
     * property: a second build for the environment the first holds waits in the Jenkins queue, its queue item saying
     * which build holds it, and runs once the first has released it.
     */
    @Test
    @Order(3)
    void a_freestyle_build_for_the_environment_another_holds_waits_in_the_queue_naming_the_holder() throws Exception {
        String job = "e2e-params-freestyle";
        jenkins.createJob(job, """
                <?xml version='1.1' encoding='UTF-8'?>
                <project>
                  <properties>
                    <hudson.model.ParametersDefinitionProperty>
                      <parameterDefinitions>
                        <io.jenkins.plugins.systemtests.jenkins.parameters.EnvironmentParameterDefinition plugin="system-tests">
                          <name>ENV</name>
                        </io.jenkins.plugins.systemtests.jenkins.parameters.EnvironmentParameterDefinition>
                      </parameterDefinitions>
                    </hudson.model.ParametersDefinitionProperty>
                  </properties>
                  <concurrentBuild>true</concurrentBuild>
                  <builders>
                    <hudson.tasks.Shell>
                      <command>mkdir -p t &amp;&amp; printf "import time\\ntime.sleep(12)\\n" &gt; t/test_hold.py</command>
                    </hudson.tasks.Shell>
                    <io.jenkins.plugins.systemtests.jenkins.steps.SystemTestsBuilder plugin="system-tests">
                      <tests>t/test_hold.py</tests>
                      <environment>${ENV}</environment>
                    </io.jenkins.plugins.systemtests.jenkins.steps.SystemTestsBuilder>
                  </builders>
                </project>
                """);
        int first = curlStart(job, "ENV=9");
        awaitConsole(job, first, "START   t/test_hold.py", Duration.ofMinutes(2));

        String queueItem = curlQueue(job, "ENV=9");

        String why = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && (why == null || !why.contains("System Tests:"))) {
            JsonNode item = Json.MAPPER.readTree(jenkins.get("admin", queueItem + "api/json").body());
            assertThat(item.has("executable") && !item.path("executable").isNull())
                    .as("the second build left the queue while the first held environment 9: " + item).isFalse();
            why = item.path("why").asText(null);
            Thread.sleep(250);
        }
        assertThat(why).as("the queue item's why").contains("Waiting for test environment 9 (system-test-env-9)")
                .contains("locked by " + job + "#" + first);
        assertThat(jenkins.awaitResult(job, first, BUILD_TIMEOUT).path("result").asText()).isEqualTo("SUCCESS");
        int second = awaitExecutable(queueItem);
        JsonNode result = jenkins.awaitResult(job, second, BUILD_TIMEOUT);
        assertThat(result.path("result").asText()).as(console(job, second)).isEqualTo("SUCCESS");
        assertThat(console(job, first)).contains("locked test environment 9 (system-test-env-9, from ${ENV})",
                "holding test environment 9 (system-test-env-9)", "PASSED  t/test_hold.py");
        assertThat(console(job, second)).contains("locked test environment 9 (system-test-env-9, from ${ENV})",
                "PASSED  t/test_hold.py");
    }

    /**
     * {@code buildWithParameters} with curl and builder's API token, as docs/api.md shows it: the queue item from the
     * Location header, followed until it has become a build; the build's number.
     */
    private static int curlStart(String query) throws Exception {
        return curlStart(JOB, query);
    }

    private static int curlStart(String job, String query) throws Exception {
        return awaitExecutable(curlQueue(job, query));
    }

    /** Starts a build with curl as docs/api.md shows it; the queue item's path (from the Location header). */
    private static String curlQueue(String job, String query) throws Exception {
        String script = """
                set -e
                J=%s; AUTH="builder:$(cat %s)"
                curl -sS --fail-with-body -u "$AUTH" -X POST -o /dev/null -w '%%header{location}' \\
                  "$J/job/%s/buildWithParameters?%s"
                """.formatted(jenkins.url.replaceAll("/$", ""), jenkins.token("builder"), job, query);
        Process curl = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(curl.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(curl.exitValue()).as(script + "\n" + output).isZero();
        assertThat(output).as("the queue item's URL").startsWith(jenkins.url).contains("/queue/item/");
        return output.substring(jenkins.url.length());
    }

    /** Follows a queue item until it has become a build, as the loop of docs/api.md does; the build's number. */
    private static int awaitExecutable(String queueItem) throws Exception {
        long deadline = System.nanoTime() + BUILD_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode executable = Json.MAPPER.readTree(jenkins.get("builder", queueItem + "api/json").body())
                    .path("executable");
            if (executable.has("number")) {
                return executable.path("number").asInt();
            }
            Thread.sleep(250);
        }
        throw new AssertionError(queueItem + " never became a build");
    }

    /** The build ran exactly these tests (by file name), in environment 7, as this user's run. */
    private static void assertRan(int number, String user, String... fileNames) throws Exception {
        assertThat(console(number)).contains("holding test environment 7 (system-test-env-7)");
        JsonNode run = run(number);
        assertThat(run.path("environment").asText()).as(run.toPrettyString()).isEqualTo("7");
        assertThat(run.path("startedBy").asText()).isEqualTo(user);
        List<String> ran = new ArrayList<>();
        for (JsonNode scenario : run.path("masterScenario").path("scenarios")) {
            for (JsonNode test : scenario.path("tests")) {
                ran.add(test.path("fileName").asText());
                assertThat(test.path("status").asText()).as(test.toString()).isEqualToIgnoringCase("passed");
            }
        }
        assertThat(ran).as(run.toPrettyString()).containsExactlyInAnyOrder(fileNames);
    }

    /** The build's run from the read API, as a reader sees it. */
    private static JsonNode run(int number) throws Exception {
        String build = "job/" + JOB + "/" + number + "/";
        for (JsonNode summary : Json.MAPPER.readTree(jenkins.get("reader", "system-tests/api/v1/runs?size=100").body())
                .path("items")) {
            if (summary.path("buildUrl").asText().endsWith(build)) {
                return Json.MAPPER.readTree(jenkins.get("reader", "system-tests/api/v1/runs/"
                        + summary.path("id").asText()).body());
            }
        }
        throw new AssertionError("no run of " + build + " in the read API");
    }

    /** Waits until build {@code number} exists (the form's submit queues it) and returns its number. */
    private static int awaitBuild(int number) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            if (jenkins.get("admin", "job/" + JOB + "/" + number + "/api/json?tree=number").statusCode() == 200) {
                return number;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(JOB + " #" + number + " was never started");
    }

    private static boolean building(int number) throws Exception {
        return Json.MAPPER.readTree(jenkins.get("admin", "job/" + JOB + "/" + number + "/api/json?tree=building").body())
                .path("building").asBoolean();
    }

    /** Waits for a console line containing the text; returns that line. */
    private static String awaitConsole(int number, String text, Duration timeout) throws Exception {
        return awaitConsole(JOB, number, text, timeout);
    }

    private static String awaitConsole(String job, int number, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : console(job, number).lines().toList()) {
                if (line.contains(text)) {
                    return line;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError(job + " #" + number + " never printed " + text + ":\n" + console(job, number));
    }

    private static String console(int number) throws Exception {
        return console(JOB, number);
    }

    private static String console(String job, int number) throws Exception {
        return jenkins.get("admin", "job/" + job + "/" + number + "/consoleText").body();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    /** Uploads tests into a directory of the test library, as uploader (SystemTests/Upload). */
    private static void upload(String directory, Map<String, String> files) throws Exception {
        List<Map<String, String>> encoded = files.entrySet().stream().map(file -> Map.of("name", file.getKey(),
                "content", Base64.getEncoder().encodeToString(file.getValue().getBytes(StandardCharsets.UTF_8))))
                .toList();
        byte[] body = Json.MAPPER.writeValueAsBytes(Map.of("directory", directory, "files", encoded));
        HttpResponse<String> uploaded = jenkins.post("uploader", "system-tests/library/upload", "application/json", body);
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
    }
}
