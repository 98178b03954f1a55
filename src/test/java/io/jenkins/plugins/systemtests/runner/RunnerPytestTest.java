package io.jenkins.plugins.systemtests.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * pytest tests run as {@code python -m pytest} runs them where the run starts: one session, the suite's own ini file,
 * conftest.py and order, pytest's outcomes, and JUnit XML that names and counts the tests as pytest's junitxml does.
 * The suites are the small fixtures of src/test/pytest-fixtures, copied to a temporary folder.
 */
class RunnerPytestTest extends RunnerFixture {
    private static final Path FIXTURES = BASEDIR.resolve("src/test/pytest-fixtures");

    private Path fixture(String name) throws IOException {
        Path source = FIXTURES.resolve(name);
        Path target = work.resolve(name);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else if (!file.toString().contains("__pycache__")) {
                    Files.copy(file, copy);
                }
            }
        }
        return target;
    }

    private static Map<String, String> reasonByTest(Result result) {
        Map<String, String> reasons = new LinkedHashMap<>();
        for (JsonNode event : result.events()) {
            if (event.get("kind").textValue().equals("test-stop")) {
                reasons.put(event.at("/message/file_name").textValue(), event.at("/message/reason").asText(""));
            }
        }
        return reasons;
    }

    /** What pytest's own junitxml says, run in the same folder: the reference. */
    private Path pytestJunit(Path directory, String... args) throws Exception {
        Path xml = work.resolve("pytest-" + directory.getFileName() + ".xml");
        List<String> command = new ArrayList<>(List.of(PYTHON, "-m", "pytest", "--junitxml=" + xml));
        command.addAll(List.of(args));
        Process pytest = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(pytest.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(pytest.waitFor(120, TimeUnit.SECONDS)).as(output).isTrue();
        return xml;
    }

    /** Each test case of a JUnit XML file as "classname | name | outcome", in file order. */
    private static List<String> junitCases(Path xml) throws Exception {
        NodeList cases = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile())
                .getElementsByTagName("testcase");
        List<String> found = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element testCase = (Element) cases.item(i);
            String outcome = "passed";
            for (String kind : List.of("failure", "error", "skipped")) {
                if (testCase.getElementsByTagName(kind).getLength() > 0) {
                    outcome = kind;
                }
            }
            found.add(testCase.getAttribute("classname") + " | " + testCase.getAttribute("name") + " | " + outcome);
        }
        return found;
    }

    @Test
    void pytest_tests_run_in_one_session_started_where_the_run_starts_with_the_suites_ini_conftest_and_order()
            throws Exception {
        Path suite = fixture("lab-suite");
        Path junit = work.resolve("runner.xml");

        Result result = runIn(suite, "tests", "--junit", junit.toString());

        assertThat(result.statusByTest()).as(result.output()).containsExactly(
                Map.entry("0:test_rig.py::test_smoke_runs_first", "passed"),
                Map.entry("1:test_a_registers.py::test_the_door_is_registered", "passed"),
                Map.entry("2:test_rig.py::test_the_rig_comes_from_the_ini_file", "passed"),
                Map.entry("3:test_rig.py::test_reads_a_path_relative_to_where_pytest_starts", "passed"),
                Map.entry("4:test_nested.py::test_sees_what_an_earlier_file_registered", "passed"));
        assertThat(result.exitCode()).isZero();
        assertThat(result.output()).contains("System Tests: pytest: 5 passed, 1 deselected");
        JsonNode scenarios = result.events().get(0).at("/message/master_scenario/scenarios");
        assertThat(scenarios).extracting(s -> s.get("file_name").textValue()).containsExactly("tests/", "sub/");
        assertThat(scenarios.at("/0/tests/0/script").textValue())
                .isEqualTo("def test_smoke_runs_first():\n    pass\n");
        assertThat(junitCases(junit)).containsExactlyElementsOf(junitCases(pytestJunit(suite, "tests")))
                .startsWith("tests.test_rig | test_smoke_runs_first | passed");
    }

    @Test
    void with_pytest_per_file_each_file_runs_in_a_session_of_its_own_and_so_cannot_lean_on_an_earlier_file()
            throws Exception {
        Path suite = fixture("lab-suite");

        Result result = runIn(suite, "tests", "--pytest-per-file");

        assertThat(result.statusByTest()).as(result.output()).containsExactly(
                Map.entry("0:test_rig.py::test_smoke_runs_first", "passed"),
                Map.entry("1:test_rig.py::test_the_rig_comes_from_the_ini_file", "passed"),
                Map.entry("2:test_rig.py::test_reads_a_path_relative_to_where_pytest_starts", "passed"),
                Map.entry("3:test_a_registers.py::test_the_door_is_registered", "passed"),
                Map.entry("4:test_nested.py::test_sees_what_an_earlier_file_registered", "failed"));
        assertThat(reasonByTest(result).get("test_nested.py::test_sees_what_an_earlier_file_registered"))
                .startsWith("AssertionError: tests/test_a_registers.py was imported first, in the same session");
    }

    @Test
    void each_pytest_outcome_is_reported_in_the_protocols_words_and_written_as_pytests_junitxml_writes_it()
            throws Exception {
        Path suite = fixture("outcomes");
        Path junit = work.resolve("runner.xml");

        Result result = runIn(suite, ".", "--junit", junit.toString());

        assertThat(result.statusByTest()).as(result.output()).containsExactly(
                Map.entry("0:test_importorskip.py", "skipped"),
                Map.entry("1:test_outcomes.py::test_passes", "passed"),
                Map.entry("2:test_outcomes.py::test_fails", "failed"),
                Map.entry("3:test_outcomes.py::test_raises", "failed"),
                Map.entry("4:test_outcomes.py::test_setup_error", "error"),
                Map.entry("5:test_outcomes.py::test_teardown_error", "error"),
                Map.entry("6:test_outcomes.py::test_skip", "skipped"),
                Map.entry("7:test_outcomes.py::test_skipif", "skipped"),
                Map.entry("8:test_outcomes.py::test_skip_at_run_time", "skipped"),
                Map.entry("9:test_outcomes.py::test_xfail", "skipped"),
                Map.entry("10:test_outcomes.py::test_xpass_strict", "failed"),
                Map.entry("11:test_outcomes.py::test_xpass", "warning"),
                Map.entry("12:test_outcomes.py::test_speed[slow]", "passed"),
                Map.entry("13:test_outcomes.py::test_speed[fast]", "failed"),
                Map.entry("14:test_outcomes.py::TestDoor::test_locks", "passed"));
        Map<String, String> reasons = reasonByTest(result);
        assertThat(reasons.get("test_importorskip.py")).isEqualTo("the lab module is not installed");
        assertThat(reasons.get("test_outcomes.py::test_fails")).startsWith("AssertionError: one is not two");
        assertThat(reasons.get("test_outcomes.py::test_raises")).isEqualTo("KeyError: 'open'");
        assertThat(reasons.get("test_outcomes.py::test_setup_error"))
                .isEqualTo("failed on setup with \"RuntimeError: rig offline\"");
        assertThat(reasons.get("test_outcomes.py::test_teardown_error"))
                .isEqualTo("failed on teardown with \"RuntimeError: cleanup failed\"");
        assertThat(reasons.get("test_outcomes.py::test_skip")).isEqualTo("no rig");
        assertThat(reasons.get("test_outcomes.py::test_skipif")).isEqualTo("not on this machine");
        assertThat(reasons.get("test_outcomes.py::test_skip_at_run_time")).isEqualTo("decided at run time");
        assertThat(reasons.get("test_outcomes.py::test_xfail")).isEqualTo("xfail: bug 12");
        assertThat(reasons.get("test_outcomes.py::test_xpass_strict")).isEqualTo("[XPASS(strict)] fixed?");
        assertThat(reasons.get("test_outcomes.py::test_xpass")).isEqualTo("XPASS: flaky");
        assertThat(result.output()).contains("System Tests: 3 passed, 1 warning, 5 skipped, 4 failed, 2 error");
        assertThat(result.exitCode()).isEqualTo(1);

        assertThat(junitCases(junit)).containsExactlyElementsOf(junitCases(pytestJunit(suite, ".")))
                .contains("test_outcomes.TestDoor | test_locks | passed", "test_outcomes | test_speed[fast] | failure",
                        " | test_importorskip | skipped");
        String xml = Files.readString(junit);
        assertThat(xml).contains("<skipped message=\"xfail: bug 12\" type=\"pytest.xfail\"/>")
                .contains("<skipped message=\"no rig\" type=\"pytest.skip\"/>")
                .contains("<testsuite name=\"outcomes\" tests=\"15\" failures=\"4\" errors=\"2\" skipped=\"5\"");
    }

    @Test
    void a_file_pytest_cannot_import_stops_pytest_before_any_test_as_python_m_pytest_does() throws Exception {
        Path suite = fixture("broken-collection");
        Path junit = work.resolve("runner.xml");

        Result result = runIn(suite, ".", "--junit", junit.toString());

        assertThat(result.statusByTest()).as(result.output()).containsExactly(Map.entry("0:test_broken.py", "error"));
        assertThat(reasonByTest(result).get("test_broken.py"))
                .isEqualTo("collection failure: ModuleNotFoundError: No module named 'no_such_lab_module'");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(junitCases(junit)).containsExactlyElementsOf(junitCases(pytestJunit(suite, ".")))
                .containsExactly(" | test_broken | error");
    }

    @Test
    void passed_and_skipped_tests_make_a_passing_run_and_pytest_stopping_early_skips_the_rest() throws Exception {
        Path suite = Files.createDirectories(work.resolve("stops"));
        Files.writeString(suite.resolve("test_stops.py"), """
                import pytest

                def test_passes():
                    pass

                @pytest.mark.skip(reason='no rig')
                def test_skipped():
                    pass
                """);
        Files.writeString(suite.resolve("test_zz_fails.py"), "def test_fails():\n    assert False\n\n"
                + "def test_after():\n    pass\n");

        Result skips = runIn(suite, "test_stops.py");
        Files.writeString(suite.resolve("pytest.ini"), "[pytest]\naddopts = -x\n");
        Result stops = runIn(suite, ".");

        assertThat(skips.exitCode()).as(skips.output()).isZero();
        assertThat(skips.output()).contains("System Tests: 1 passed, 1 skipped");
        assertThat(stops.statusByTest()).as(stops.output()).containsExactly(
                Map.entry("0:test_stops.py::test_passes", "passed"),
                Map.entry("1:test_stops.py::test_skipped", "skipped"),
                Map.entry("2:test_zz_fails.py::test_fails", "failed"),
                Map.entry("3:test_zz_fails.py::test_after", "skipped"));
        assertThat(reasonByTest(stops).get("test_zz_fails.py::test_after"))
                .isEqualTo("not run: pytest stopped the session (stopping after 1 failures)");
    }

    @Test
    void scripts_and_pytest_tests_run_in_the_order_of_the_targets_scripts_each_in_its_own_folder() throws Exception {
        Path suite = Files.createDirectories(work.resolve("mixed"));
        Path journal = suite.resolve("journal.txt");
        String note = "import os\nopen(%s, 'a').write('%%s in %%s\\n' %% (%s, os.path.basename(os.getcwd())))\n";
        Files.createDirectories(suite.resolve("checks"));
        Files.writeString(suite.resolve("checks/preflight.py"),
                note.formatted(RunnerSuitesTest.pythonString(journal), "'preflight'"));
        Files.writeString(suite.resolve("checks/report.py"),
                note.formatted(RunnerSuitesTest.pythonString(journal), "'report'"));
        Files.writeString(suite.resolve("test_door.py"), "def test_door():\n    "
                + note.formatted(RunnerSuitesTest.pythonString(journal), "'test_door'").replace("\n", "\n    ") + "\n");

        Result result = runIn(suite, "checks/preflight.py", "test_door.py", "checks/report.py");

        assertThat(result.statusByTest()).as(result.output()).containsExactly(
                Map.entry("0:preflight.py", "passed"),
                Map.entry("1:test_door.py::test_door", "passed"),
                Map.entry("2:report.py", "passed"));
        assertThat(journal).hasContent("preflight in checks\ntest_door in mixed\nreport in checks");
        assertThat(result.events()).extracting(e -> e.get("kind").textValue()).containsExactly("dry-run",
                "test-start", "test-stop", "test-start", "test-stop", "test-start", "test-stop");
    }

    @Test
    void a_tests_output_is_what_pytest_captured_in_its_setup_call_and_teardown_once_then_why_it_failed()
            throws Exception {
        Path suite = Files.createDirectories(work.resolve("output"));
        Files.writeString(suite.resolve("test_output.py"), """
                import pytest

                @pytest.fixture
                def rig():
                    print('setting up the rig')
                    yield
                    print('tearing down the rig')

                def test_prints(rig):
                    print('in the test')
                    assert False, 'boom'
                """);

        Result result = runIn(suite, "test_output.py", "--logs-dir", work.resolve("logs").toString());

        assertThat(result.statusByTest()).containsExactly(Map.entry("0:test_output.py::test_prints", "failed"));
        assertThat(Files.readString(work.resolve("logs/0.log")))
                .startsWith("setting up the rig\nin the test\ntearing down the rig\n")
                .containsOnlyOnce("setting up the rig").contains("E       AssertionError: boom");
    }

    @Test
    void a_test_that_crashes_the_interpreter_is_an_error_and_the_session_resumes_after_it() throws Exception {
        Path suite = Files.createDirectories(work.resolve("crash"));
        Files.writeString(suite.resolve("test_crash.py"), """
                import os

                def test_before():
                    pass

                def test_crashes():
                    os._exit(3)

                def test_after():
                    pass
                """);

        Result result = runIn(suite, "test_crash.py");

        assertThat(result.statusByTest()).as(result.output()).containsExactly(
                Map.entry("0:test_crash.py::test_before", "passed"),
                Map.entry("1:test_crash.py::test_crashes", "error"),
                Map.entry("2:test_crash.py::test_after", "passed"));
        assertThat(reasonByTest(result).get("test_crash.py::test_crashes"))
                .isEqualTo("pytest ended while it ran (exit code 3)");
    }
}
