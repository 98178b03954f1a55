package io.jenkins.plugins.systemtests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin installed from {@code target/system-tests.hpi} into a real Jenkins 2.516.3 started as a separate
 * process, driven over HTTP as users and testing machines drive it: jobs created and built through the REST API, the
 * shipped runner reporting to it with an API token, permissions enforced, a restart of the JVM in the middle of a
 * run. What needs no separate process is tested with jenkins-test-harness; this is what only a real process shows.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(NoPluginProblemsInLog.class)
class EndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PYTHON = System.getenv().getOrDefault("SYSTEM_TESTS_PYTHON", "python3");

    /** Scratch files of the tests (the spool, the browser check's report); Jenkins has its own home. */
    @TempDir
    static Path scratch;

    private static RealJenkins jenkins;

    @BeforeAll
    static void startJenkins() throws Exception {
        jenkins = RealJenkins.shared();
    }

    @Test
    @Order(1)
    void the_plugin_is_installed_and_anonymous_may_not_read() throws Exception {
        HttpResponse<String> plugins = jenkins.get("admin", "pluginManager/api/json?depth=1&tree=plugins[shortName,active]");
        assertThat(plugins.statusCode()).isEqualTo(200);
        assertThat(plugins.body()).contains("\"shortName\":\"system-tests\"");
        assertThat(jenkins.get(null, "system-tests/").statusCode()).isIn(401, 403);
        assertThat(jenkins.get("reader", "system-tests/").statusCode()).isEqualTo(200);
        assertThat(jenkins.get("reader", "system-tests/test-machines/").statusCode()).isEqualTo(200);
        assertThat(jenkins.get("reader", "system-tests/library/").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void a_pipeline_job_created_over_http_runs_the_dsl_and_holds_its_environment() throws Exception {
        createPipeline("e2e-pipeline", """
                node {
                  writeFile file: 't/test_ok.py', text: "print('ok')\\n"
                  writeFile file: 't/test_sum.py', text: "assert 1 + 1 == 3, 'arithmetic'\\n"
                  def s = systemTests tests: ['t/test_ok.py', 't/test_sum.py'], environment: '7'
                  echo "summary passed=${s.passed} failed=${s.failed}"
                  junit 'system-tests-results.xml'
                }
                """);
        int number = build("e2e-pipeline");

        JsonNode result = awaitResult("e2e-pipeline", number, Duration.ofMinutes(3));
        String console = jenkins.get("admin", "job/e2e-pipeline/" + number + "/consoleText").body();
        assertThat(result.path("result").asText()).as(console).isEqualTo("UNSTABLE");
        assertThat(console).contains("holding test environment 7", "PASSED  t/test_ok.py", "FAILED  t/test_sum.py",
                "summary passed=1 failed=1");
        assertThat(jenkins.get("reader", "job/e2e-pipeline/" + number + "/system-tests/").statusCode()).isEqualTo(200);
        JsonNode run = null;
        for (JsonNode summary : JSON.readTree(jenkins.get("reader", "system-tests/api/v1/runs").body()).path("items")) {
            if (summary.path("buildUrl").asText().matches(".*job/e2e-pipeline/" + number + "/?")) {
                run = JSON.readTree(jenkins.get("reader", "system-tests/api/v1/runs/" + summary.path("id").asText())
                        .body());
            }
        }
        assertThat(run).as("the build's run in the read API").isNotNull();
        assertThat(run.findValuesAsText("reason")).as("the failed test's reason, from the runner through the build")
                .containsExactly("AssertionError: arithmetic");
    }

    @Test
    @Order(3)
    void the_shipped_runner_reports_a_run_with_an_api_token_and_a_reader_may_not_report() throws Exception {
        Path token = jenkins.token("lab");
        Process runner = new ProcessBuilder(PYTHON, RealJenkins.BASEDIR.resolve(
                "src/main/resources/io/jenkins/plugins/systemtests/runner/runner.py").toString(),
                RealJenkins.BASEDIR.resolve("sample-tests/plain/test_math_passes.py").toString(),
                "--machine-name", "e2e-rig", "--report-to", jenkins.url, "--user", "lab", "--token-file", token.toString(),
                "--spool-dir", scratch.resolve("runner-spool").toString())
                .redirectErrorStream(true).start();
        String output = new String(runner.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(runner.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(runner.exitValue()).as(output).isZero();

        HttpResponse<String> runs = jenkins.get("reader", "system-tests/api/v1/runs");
        assertThat(runs.statusCode()).as(runs.body()).isEqualTo(200);
        assertThat(runs.body()).as(output).contains("e2e-rig");

        HttpResponse<String> refused = jenkins.post("reader", "system-tests/api/v1/dry-run", "application/json",
                Files.readAllBytes(RealJenkins.BASEDIR.resolve("docs/examples/dry-run.json")));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(refused.body()).path("errorCode").asText()).isNotEmpty();
        HttpResponse<String> hostile = jenkins.post("lab", "system-tests/api/v1/test-stop", "application/json",
                "{\"machine_name\": [1]}".getBytes(StandardCharsets.UTF_8));
        assertThat(hostile.statusCode()).isBetween(400, 499);
    }

    @Test
    @Order(4)
    void the_tests_go_on_across_a_restart_of_the_controller_jvm_and_the_build_ends_with_their_verdict()
            throws Exception {
        createPipeline("e2e-restart", """
                node {
                  writeFile file: 't/test_long.py', text: "import time\\ntime.sleep(15)\\nprint('survived the restart')\\n"
                  writeFile file: 't/test_next.py', text: "print('next')\\n"
                  def s = systemTests tests: ['t/test_long.py', 't/test_next.py'], environment: '6'
                  echo "after the restart: passed=${s.passed} total=${s.total}"
                }
                """);
        int number = build("e2e-restart");
        awaitConsole("e2e-restart", number, "START   t/test_long.py", Duration.ofMinutes(2));

        jenkins.restart();

        JsonNode result = awaitResult("e2e-restart", number, Duration.ofMinutes(3));
        String console = jenkins.get("admin", "job/e2e-restart/" + number + "/consoleText").body();
        assertThat(result.path("result").asText()).as(console).isEqualTo("SUCCESS");
        assertThat(console).contains("Jenkins restarted; following the tests again", "PASSED  t/test_long.py",
                "PASSED  t/test_next.py", "after the restart: passed=2 total=2");

        createPipeline("e2e-after-restart", """
                node {
                  writeFile file: 't/test_ok.py', text: "print('ok')\\n"
                  systemTests tests: 't/test_ok.py', environment: '6'
                }
                """);
        int next = build("e2e-after-restart");
        assertThat(awaitResult("e2e-after-restart", next, Duration.ofMinutes(2)).path("result").asText())
                .isEqualTo("SUCCESS");
    }

    @Test
    @Order(5)
    void a_freestyle_job_created_over_http_queues_for_its_environment_and_runs() throws Exception {
        String config = RealJenkins.freestyleConfig("8", "t/test_ok.py", "print('ok')\\n", "");
        jenkins.createJob("e2e-freestyle", config);

        int number = build("e2e-freestyle");

        String console = jenkins.get("admin", "job/e2e-freestyle/" + number + "/consoleText").body();
        assertThat(awaitResult("e2e-freestyle", number, Duration.ofMinutes(2)).path("result").asText()).as(console)
                .isEqualTo("SUCCESS");
        assertThat(jenkins.get("admin", "job/e2e-freestyle/" + number + "/consoleText").body())
                .contains("holding test environment 8", "PASSED  t/test_ok.py");
    }

    /**
     * Every page, and every link on it to another of the plugin's pages, in Chromium as a logged-in user: 200, no
     * script error, no CSP violation, a screenshot each under target/e2e-screenshots; and a run page following its
     * build live, without a reload.
     */
    @Test
    @Order(6)
    void every_page_in_a_real_browser_and_the_run_page_follows_a_running_build() throws Exception {
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
        createPipeline("e2e-live", """
                node {
                  writeFile file: 't/test_1.py', text: "import time\\ntime.sleep(4)\\n"
                  writeFile file: 't/test_2.py', text: "import time\\ntime.sleep(4)\\n"
                  writeFile file: 't/test_3.py', text: "import time\\ntime.sleep(4)\\n"
                  runSystemTests tests: ['t/test_1.py', 't/test_2.py', 't/test_3.py']
                }
                """);
        int live = build("e2e-live");
        awaitConsole("e2e-live", live, "START   t/test_1.py", Duration.ofMinutes(2));

        Path out = RealJenkins.BASEDIR.resolve("target/e2e-screenshots");
        Path config = scratch.resolve("browser-config.json");
        Path report = scratch.resolve("browser-report.json");
        // Two more builds of e2e-pipeline, so that its trends have more than one build to draw.
        for (int more = 0; more < 2; more++) {
            awaitResult("e2e-pipeline", build("e2e-pipeline"), Duration.ofMinutes(3));
        }
        long firstRun = JSON.readTree(jenkins.get("admin", "system-tests/api/v1/history?job=e2e-pipeline").body())
                .path("items").path(2).path("id").asLong();
        List<java.util.Map<String, Object>> pages = List.of(
                page("dashboard", "system-tests/", "[data-system-tests-machines] tbody a",
                        "[data-system-tests-runs] tbody tr[data-run]"),
                page("test-machines", "system-tests/test-machines/"),
                page("library", "system-tests/library/", "form.system-tests-upload .jenkins-file-upload"),
                page("machine", "system-tests/machine?name=e2e-rig", "[data-system-tests-run] tr.system-tests-test"),
                page("run-page", "job/e2e-pipeline/1/system-tests/", "tr.system-tests-test a[href$='/1/']",
                        ".system-tests-reason"),
                // The failed test's page inside build #1: breadcrumbs, neighbours, console line, history chart.
                page("test-page", "job/e2e-pipeline/1/system-tests/" + firstRun + "/1/",
                        ".jenkins-breadcrumbs__list-item a[href$='/system-tests/']", "a[rel=prev]",
                        "a.system-tests-console-link", ".system-tests-test-reason:not([hidden])",
                        ".system-tests-test-history .system-tests-chart canvas", ".system-tests-test-history tbody a"),
                page("job-page", "job/e2e-pipeline/system-tests/", ".system-tests-chart--status canvas",
                        ".system-tests-chart--duration canvas", ".system-tests-last-tests a", ".system-tests-trend tbody a"),
                page("job-main-page", "job/e2e-pipeline/", ".system-tests-floating-trend canvas"),
                page("build-page", "job/e2e-pipeline/1/", ".system-tests-failures a[href$='/1/']"),
                // Where a test page's Console link leads: each START line of run 1 anchored.
                page("console", "job/e2e-pipeline/1/consoleFull", "#system-tests-1-0", "#system-tests-1-1"),
                page("freestyle-configure", "job/e2e-freestyle/configure"),
                page("pipeline-syntax", "job/e2e-pipeline/pipeline-syntax/"));
        // A build that a lab reports a run of 10,000 tests to, from the browser check (browser/scale.js).
        createPipeline("e2e-scale", "echo 'a run of 10,000 tests is reported to this build'\n");
        int scaleBuild = build("e2e-scale");
        awaitResult("e2e-scale", scaleBuild, Duration.ofMinutes(2));
        Path uploaded = Files.writeString(Files.createDirectories(scratch.resolve("to-upload")).resolve("test_uploaded.py"),
                "print('uploaded from a browser')\n");
        Files.writeString(config, JSON.writeValueAsString(java.util.Map.of("url", jenkins.url, "user", "admin",
                "password", "admin-password-e2e", "screenshots", out.toString(), "pages", pages,
                "live", java.util.Map.of("path", "job/e2e-live/" + live + "/system-tests/"),
                "snippet", java.util.Map.of("path", "job/e2e-pipeline/pipeline-syntax/", "step", "runSystemTests"),
                "upload", java.util.Map.of("path", "system-tests/library/", "directory", "browser",
                        "file", uploaded.toString()),
                "scale", java.util.Map.of("user", "lab", "tokenFile", jenkins.token("lab").toString(), "job", "e2e-scale",
                        "build", scaleBuild, "tests", 10_000, "machines", 1_000))));

        Process node = new ProcessBuilder("node", "browser/check-pages.js", report.toString(), config.toString())
                .directory(RealJenkins.BASEDIR.resolve("src/test/js").toFile()).redirectErrorStream(true).start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(10, TimeUnit.MINUTES)).as(output).isTrue();
        assertThat(report).as(output).isRegularFile();
        JsonNode result = JSON.readTree(report.toFile());
        Files.writeString(RealJenkins.BASEDIR.resolve("target/e2e-browser-report.json"), result.toPrettyString());
        // Measured, not judged by time (two shared cores): first screens and live updates at 10,000 tests and 1,000 machines.
        System.out.println("Pages at scale, in Chromium (ms from the start of each navigation):\n"
                + result.path("scale").toPrettyString());

        assertThat(result.path("problems")).as(result.toPrettyString()).isEmpty();
        assertThat(result.path("visited").size()).isGreaterThan(pages.size());
        assertThat(result.path("visited").toString()).as("a test page inside a build").containsPattern("/system-tests/\\d+/\\d+/");
        assertThat(result.path("live").path("followedWithoutReload").asBoolean()).isTrue();
        assertThat(result.path("snippet").path("form").asBoolean()).as("the step's form in the Snippet Generator").isTrue();
        assertThat(result.path("upload").path("listedAfterUpload").asBoolean()).isTrue();
        assertThat(result.path("upload").path("goneAfterDelete").asBoolean()).isTrue();
        assertThat(result.at("/scale/runPage/listDrawnMs").isNumber()).as("the 10,000-test run page was measured").isTrue();
        assertThat(result.at("/scale/testMachinesPage/rowsInTable").asInt()).as("a page of the 1,000 machines").isEqualTo(50);
        assertThat(node.exitValue()).as(output).isZero();
    }

    /** A page for the browser check: its name (the screenshot's), its path, and what it must show. */
    private static java.util.Map<String, Object> page(String name, String path, String... expect) {
        return java.util.Map.of("name", name, "path", path, "expect", List.of(expect));
    }

    /** The curl examples of docs/api.md, as written, against this Jenkins with lab's API token: every one succeeds. */
    @Test
    @Order(7)
    void the_curl_examples_of_the_api_guide_work_as_written() throws Exception {
        String guide = Files.readString(RealJenkins.BASEDIR.resolve("docs/api.md"));
        Matcher block = Pattern.compile("## curl examples\\s+```sh\\n(.*?)```", Pattern.DOTALL).matcher(guide);
        assertThat(block.find()).as("the curl examples in docs/api.md").isTrue();
        List<String> lines = block.group(1).lines().toList();
        assertThat(lines.get(0)).startsWith("J=http://127.0.0.1:8080; AUTH=\"lab:$(cat ~/.lab-token)\"");
        StringBuilder script = new StringBuilder("set -e\n");
        script.append("J=").append(jenkins.url.replaceAll("/$", "")).append("; AUTH=\"lab:$(cat ")
                .append(jenkins.token("lab")).append(")\"\n");
        // The guide's run 1 stands for a run with two tests: e2e-pipeline's first, whatever id the shared Jenkins gave
        // it (other classes' builds may have made runs before this class).
        String run = "/runs/" + runOf("e2e-pipeline", 1).path("id").asText() + "/";
        for (String line : lines.subList(1, lines.size())) {
            assertThat(line).startsWith("curl ");
            // Fail on an HTTP error, and keep the answers out of the log.
            script.append("curl -sS --fail-with-body -o /dev/null").append(line.substring(4).replace("/runs/1/", run))
                    .append('\n');
        }
        Process curl = new ProcessBuilder("bash", "-c", script.toString()).directory(RealJenkins.BASEDIR.toFile())
                .redirectErrorStream(true).start();
        String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(curl.exitValue()).as(script + "\n" + output).isZero();
    }

    @Test
    @Order(8)
    void the_retention_settings_are_on_the_configure_page_and_a_deleted_build_leaves_the_runs_list() throws Exception {
        assertThat(jenkins.get("admin", "manage/configure").body()).contains("Days to keep runs of no build")
                .contains("Runs of no build to keep per machine");
        createPipeline("e2e-deleted", """
                node {
                  writeFile file: 't/test_ok.py', text: "print('ok')\\n"
                  runSystemTests tests: 't/test_ok.py'
                }
                """);
        int number = build("e2e-deleted");
        assertThat(awaitResult("e2e-deleted", number, Duration.ofMinutes(2)).path("result").asText()).isEqualTo("SUCCESS");
        assertThat(jenkins.get("reader", "system-tests/api/v1/runs?size=100").body()).contains("job/e2e-deleted/" + number);

        HttpResponse<String> deleted = jenkins.post("admin", "job/e2e-deleted/" + number + "/doDelete", null, new byte[0]);

        assertThat(deleted.statusCode()).as(deleted.body()).isIn(200, 302);
        assertThat(jenkins.get("reader", "system-tests/api/v1/runs?size=100").body())
                .doesNotContain("job/e2e-deleted/" + number);
    }

    /** The run summary of a build, from the read API. */
    private static JsonNode runOf(String job, int number) throws Exception {
        String build = "job/" + job + "/" + number + "/";
        for (JsonNode summary : JSON.readTree(jenkins.get("reader", "system-tests/api/v1/runs?size=100&q="
                + java.net.URLEncoder.encode(build, StandardCharsets.UTF_8)).body()).path("items")) {
            if (summary.path("buildUrl").asText().endsWith(build)) {
                return summary;
            }
        }
        throw new AssertionError("no run of " + build + " in the read API");
    }

    private static void createPipeline(String name, String script) throws Exception {
        jenkins.createJob(name, RealJenkins.pipelineConfig(script));
    }

    private static int build(String job) throws Exception {
        return jenkins.startBuild(job, Duration.ofMinutes(2));
    }

    private static JsonNode awaitResult(String job, int number, Duration timeout) throws Exception {
        return jenkins.awaitResult(job, number, timeout);
    }

    private static void awaitConsole(String job, int number, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (jenkins.get("admin", "job/" + job + "/" + number + "/consoleText").body().contains(text)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(job + " #" + number + " never printed " + text);
    }
}
