package io.jenkins.plugins.systemtests.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runner on test folders as real suites have them: helpers, subfolders, broken files, failure reasons. */
class RunnerSuitesTest extends RunnerFixture {

    private Path write(String relative, String text) throws Exception {
        Path file = work.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private List<String> stopReasons(Result result) {
        return result.events().stream().filter(e -> e.get("kind").textValue().equals("test-stop"))
                .map(e -> e.at("/message/reason").asText("")).toList();
    }

    @Test
    void a_failure_says_why_on_the_console_in_the_report_and_in_the_junit_message_with_the_tests_own_traceback()
            throws Exception {
        write("suite/test_door.py", "def lock():\n    return False\n\nassert lock(), 'the door did not lock'\n");
        write("suite/test_bare.py", "reading = 3\nassert reading == 4\n");
        write("suite/test_raises.py", "{}['open']\n");
        Path junit = work.resolve("junit.xml");

        Result result = run(work.resolve("suite").toString(), "--junit", junit.toString(), "--logs-dir",
                work.resolve("logs").toString());

        assertThat(result.output()).containsPattern("FAILED +\\S*test_door.py \\(\\d+\\.\\d\\d s\\) - "
                + "AssertionError: the door did not lock")
                .containsPattern("FAILED +\\S*test_bare.py .* - AssertionError at test_bare.py:2: assert reading == 4")
                .containsPattern("ERROR +\\S*test_raises.py .* - KeyError: 'open'");
        assertThat(stopReasons(result)).containsExactly("AssertionError at test_bare.py:2: assert reading == 4",
                "AssertionError: the door did not lock", "KeyError: 'open'");
        String xml = Files.readString(junit);
        assertThat(xml).contains("<failure message=\"AssertionError: the door did not lock\"")
                .contains("<error message=\"KeyError: 'open'\" type=\"error\"");
        String log = Files.readString(work.resolve("logs/1.log"));
        assertThat(log).startsWith("Traceback (most recent call last):\n  File \"" + work.resolve("suite/test_door.py"))
                .contains("line 4, in <module>").doesNotContain("runner.py");
    }

    @Test
    void each_test_runs_as_python3_would_run_it_with_its_folder_on_sys_path_and_as_working_directory()
            throws Exception {
        write("suite/lab_helpers.py", "def rig():\n    return 'rig-7'\n");
        write("suite/settings.ini", "speed=3\n");
        write("suite/test_uses_helper.py", """
                import os
                import lab_helpers
                assert lab_helpers.rig() == 'rig-7'
                assert open('settings.ini').read() == 'speed=3\\n'
                print('cwd=' + os.getcwd())
                """);
        Path elsewhere = Files.createDirectories(work.resolve("elsewhere"));
        write("elsewhere/settings.ini", "speed=3\n");

        Result ownFolder = run(work.resolve("suite/test_uses_helper.py").toString(), "--logs-dir",
                work.resolve("logs").toString());
        Result configured = run(work.resolve("suite/test_uses_helper.py").toString(), "--workdir", elsewhere.toString(),
                "--logs-dir", work.resolve("logs2").toString());

        assertThat(ownFolder.statusByTest()).as(ownFolder.output()).containsExactly(
                Map.entry("0:test_uses_helper.py", "passed"));
        assertThat(work.resolve("logs/0.log")).content().contains("cwd=" + work.resolve("suite"));
        assertThat(configured.statusByTest()).containsExactly(Map.entry("0:test_uses_helper.py", "passed"));
        assertThat(work.resolve("logs2/0.log")).content().contains("cwd=" + elsewhere);
    }

    @Test
    void a_directory_is_searched_recursively_as_pytest_does_and_helpers_never_run_as_tests() throws Exception {
        write("suite/__init__.py", "raise SystemExit('__init__ must not run')\n");
        write("suite/conftest.py", "raise SystemExit('conftest must not run')\n");
        write("suite/helpers.py", "raise SystemExit('a helper must not run')\n");
        write("suite/test_top.py", "print('top')\n");
        write("suite/door/door_test.py", "print('door')\n");
        write("suite/door/deep/test_deep.py", "print('deep')\n");
        write("suite/.cache/test_hidden.py", "raise SystemExit('hidden folders are skipped')\n");
        write("suite/venv/test_in_venv.py", "raise SystemExit('virtual environments are skipped')\n");
        write("suite/__pycache__/test_cached.py", "raise SystemExit('caches are skipped')\n");

        Result result = run(work.resolve("suite").toString());

        assertThat(result.statusByTest()).as(result.output()).containsExactly(
                Map.entry("0:test_top.py", "passed"),
                Map.entry("1:door_test.py", "passed"),
                Map.entry("2:test_deep.py", "passed"));
        JsonNode scenarios = result.events().get(0).at("/message/master_scenario/scenarios");
        assertThat(scenarios).extracting(s -> s.get("file_name").textValue()).containsExactly("suite/", "door/", "deep/");
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void a_directory_without_test_files_is_a_usage_error_that_states_the_rule() throws Exception {
        write("checks/lamp_check.py", "print('not collected')\n");

        Result result = run(work.resolve("checks").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("holds no test file").contains("test_*.py or *_test.py")
                .contains("checks/*.py");
    }

    @Test
    void a_test_that_cannot_load_is_that_tests_error_and_the_others_still_run() throws Exception {
        write("suite/test_a_syntax.py", "def oops(:\n");
        write("suite/test_b_import.py", "import no_such_lab_module\n");
        write("suite/test_c_fine.py", "print('fine')\n");
        Path junit = work.resolve("junit.xml");

        Result result = run(work.resolve("suite").toString(), "--junit", junit.toString());

        assertThat(result.statusByTest()).containsExactly(
                Map.entry("0:test_a_syntax.py", "error"),
                Map.entry("1:test_b_import.py", "error"),
                Map.entry("2:test_c_fine.py", "passed"));
        assertThat(stopReasons(result)).containsExactly("SyntaxError: invalid syntax (test_a_syntax.py, line 1)",
                "ModuleNotFoundError: No module named 'no_such_lab_module'", "");
        assertThat(Files.readString(junit)).contains("name=\"test_c_fine.py\"");
        assertThat(result.exitCode()).isEqualTo(1);
    }

    @Test
    void the_status_a_test_sets_is_read_in_any_case_and_an_unknown_one_is_an_error_with_its_reason() throws Exception {
        write("suite/test_a_warns.py", "RUN_DATA.last_status = 'Warning'\n");
        write("suite/test_b_typo.py", "RUN_DATA.last_status = 'passd'\n");

        Result result = run(work.resolve("suite").toString());

        assertThat(result.statusByTest()).containsExactly(
                Map.entry("0:test_a_warns.py", "warning"),
                Map.entry("1:test_b_typo.py", "error"));
        assertThat(stopReasons(result).get(1)).isEqualTo(
                "RUN_DATA.last_status 'passd' is not one of passed, warning, skipped, failed, error, cancelled, unknown");
    }

    @Test
    void code_between_the_tests_of_a_scenario_runs_between_them_and_the_plan_is_read_with_dry_run_set()
            throws Exception {
        Path journal = work.resolve("journal.txt");
        write("lab/test_cases/test_one.py", "open(%s, 'a').write('one\\n')\n".formatted(pythonString(journal)));
        write("lab/test_cases/test_two.py", "open(%s, 'a').write('two\\n')\n".formatted(pythonString(journal)));
        write("lab/scenarios/scenario_power.py", """
                import run
                from run import run_test_case

                def note(text):
                    if not run.DRY_RUN:
                        open(%s, 'a').write(text + '\\n')

                note('power on')
                first = run_test_case('test_one.py')
                note('reset after one: ' + first)
                run_test_case('test_two.py')
                note('power off')
                """.formatted(pythonString(journal)));
        write("lab/scenarios/master.py", "from run import run_scenario\nrun_scenario('scenario_power.py')\n");

        Result result = run(work.resolve("lab/scenarios/master.py").toString());

        assertThat(result.statusByTest()).as(result.output()).containsExactly(
                Map.entry("0:test_one.py", "passed"), Map.entry("1:test_two.py", "passed"));
        assertThat(journal).hasContent("power on\none\nreset after one: passed\ntwo\npower off");
    }

    @Test
    void a_scenario_that_fails_between_tests_makes_its_remaining_tests_errors_with_the_reason() throws Exception {
        write("lab/test_cases/test_one.py", "print('one')\n");
        write("lab/test_cases/test_two.py", "print('two')\n");
        write("lab/scenarios/scenario_breaks.py", """
                import run
                run.run_test_case('test_one.py')
                if not run.DRY_RUN:
                    raise RuntimeError('the rig lost power')
                run.run_test_case('test_two.py')
                """);
        write("lab/scenarios/master.py", "from run import run_scenario\nrun_scenario('scenario_breaks.py')\n");

        Result result = run(work.resolve("lab/scenarios/master.py").toString());

        assertThat(result.statusByTest()).containsExactly(
                Map.entry("0:test_one.py", "passed"), Map.entry("1:test_two.py", "error"));
        assertThat(stopReasons(result).get(1))
                .isEqualTo("not run: the scenario scenario_breaks.py failed: RuntimeError: the rig lost power");
    }

    @Test
    void options_out_of_range_are_refused_naming_the_option_before_anything_runs() throws Exception {
        Path aFile = Files.writeString(work.resolve("a-file"), "not a folder"); // unwritable even for root

        Result zero = run("sample-tests/plain/test_math_passes.py", "--timeout", "0");
        Result negative = run("sample-tests/plain/test_math_passes.py", "--timeout", "-5");
        Result junit = run("sample-tests/plain/test_math_passes.py", "--junit", aFile.resolve("x.xml").toString());
        Result scheme = run("sample-tests/plain/test_math_passes.py", "--report-to", "jenkins.example:8080",
                "--user", "lab", "--token-file", "sample-tests/README.md");

        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.output()).contains("argument --timeout: must be more than 0 seconds, not 0");
        assertThat(negative.output()).contains("argument --timeout: must be more than 0 seconds, not -5");
        assertThat(junit.exitCode()).isEqualTo(2);
        assertThat(junit.output()).contains("--junit: cannot write");
        assertThat(scheme.exitCode()).isEqualTo(2);
        assertThat(scheme.output()).contains("--report-to must be Jenkins' root URL starting with http:// or https://");
        for (Result refused : List.of(zero, negative, junit, scheme)) {
            assertThat(refused.events()).isEmpty();
            assertThat(refused.output()).doesNotContain("Traceback");
        }
    }

    @Test
    void help_shows_the_defaults_and_the_exit_codes() throws Exception {
        Result result = run("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.output()).contains("(default: 1800)").contains("exit codes:")
                .contains("2      usage error").contains("143: stopped by SIGTERM");
    }

    static String pythonString(Path path) {
        return "'" + path.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
