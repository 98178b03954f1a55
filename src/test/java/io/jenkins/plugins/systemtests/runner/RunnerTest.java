package io.jenkins.plugins.systemtests.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.systemtests.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the shipped runner.py as a real Python process over sample-tests/. */
class RunnerTest extends RunnerFixture {
    @Test
    void the_sample_master_scenario_runs_every_scenario_in_plan_order() throws Exception {
        Path junit = work.resolve("junit.xml");
        Result result = run("sample-tests/scenarios/scenario_master.py", "--junit", junit.toString());

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.events().get(0).get("kind").textValue()).isEqualTo("dry-run");
        JsonNode plan = result.events().get(0).get("message");
        assertThat(plan.get("machine_name").textValue()).isEqualTo("ci-machine");
        assertThat(plan.at("/master_scenario/scenarios")).hasSize(3);
        assertThat(plan.at("/master_scenario/scenarios/2/tests")).extracting(t -> t.get("file_name").textValue())
                .containsExactly("03_01_test_trunk_latch.py", "03_02_test_trunk_sensor.py", "03_01_test_trunk_latch.py");
        assertThat(result.statusByTest()).containsExactly(
                Map.entry("0:01_01_test_lamp_on.py", "passed"),
                Map.entry("1:01_02_test_lamp_worn_bulb.py", "warning"),
                Map.entry("2:01_03_test_lamp_dimming.py", "passed"),
                Map.entry("3:01_04_test_lamp_off.py", "passed"),
                Map.entry("4:01_05_test_lamp_colour.py", "passed"),
                Map.entry("5:02_01_test_door_open.py", "passed"),
                Map.entry("6:02_02_test_door_lock.py", "failed"),
                Map.entry("7:03_01_test_trunk_latch.py", "passed"),
                Map.entry("8:03_02_test_trunk_sensor.py", "error"),
                Map.entry("9:03_01_test_trunk_latch.py", "passed"));
        assertThat(result.output()).contains("System Tests: 7 passed, 1 warning, 1 failed, 1 error");
        String xml = Files.readString(junit);
        assertThat(xml).contains("<testsuite name=\"scenario_02_feature_door.py\" tests=\"2\" failures=\"1\"")
                .contains("<failure message=").contains("the door did not lock");
    }

    @Test
    void crashes_hangs_and_exceptions_touch_only_their_own_test() throws Exception {
        Result result = run("sample-tests/test_cases/99_timeouts", "sample-tests/plain", "--timeout", "1",
                "--output-cap", "4096");

        assertThat(result.statusByTest()).containsExactly(
                Map.entry("0:test_hangs.py", "error"),
                Map.entry("1:test_crashes.py", "error"),
                Map.entry("2:test_fails.py", "failed"),
                Map.entry("3:test_math_passes.py", "passed"),
                Map.entry("4:test_noisy.py", "passed"),
                Map.entry("5:test_raises.py", "error"),
                Map.entry("6:test_warns.py", "warning"));
        assertThat(result.output()).contains("timed out after 1.0 s").contains("exit code 3");
        assertThat(result.exitCode()).isEqualTo(1);
        io.jenkins.plugins.systemtests.core.support.Reliability.report("runner-crash-hang-timeout", "tests",
                result.statusByTest().size(), "runAborted", result.statusByTest().size() == 7 ? 0 : 1);
    }

    @Test
    void a_noisy_test_keeps_the_head_and_tail_of_its_output_with_the_elision_marked() throws Exception {
        Path junit = work.resolve("noisy.xml");
        Result result = run("sample-tests/plain/test_noisy.py", "--output-cap", "1000", "--junit", junit.toString());

        assertThat(result.exitCode()).isZero();
        String xml = Files.readString(junit);
        assertThat(xml).contains("line 000000 of a very chatty test").contains("line 199999 of a very chatty test")
                .contains("bytes elided by the System Tests runner").doesNotContain("line 100000");
    }

    @Test
    void a_pytest_file_reports_one_event_per_pytest_test_named_in_junit_as_pytest_names_it() throws Exception {
        Path junit = work.resolve("pytest.xml");
        Result result = run("sample-tests/pytest_style/test_pytest_style.py", "--python", PYTHON,
                "--junit", junit.toString());

        assertThat(result.statusByTest()).as(result.output()).containsExactly(
                Map.entry("0:test_pytest_style.py::test_addition", "passed"),
                Map.entry("1:test_pytest_style.py::test_division_by_zero_raises", "passed"),
                Map.entry("2:test_pytest_style.py::test_known_bug", "failed"),
                Map.entry("3:test_pytest_style.py::test_positive[1]", "passed"),
                Map.entry("4:test_pytest_style.py::test_positive[2]", "passed"),
                Map.entry("5:test_pytest_style.py::test_positive[3]", "passed"));
        JsonNode plan = result.events().get(0).get("message");
        assertThat(plan.at("/master_scenario/scenarios/0/tests")).hasSize(6);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(Files.readString(junit))
                .contains("<testcase classname=\"sample-tests.pytest_style.test_pytest_style\" name=\"test_known_bug\"")
                .contains("name=\"test_positive[2]\"").contains("upper() changes the case");
    }

    @Test
    void a_hanging_pytest_test_is_ended_at_the_timeout_with_its_traceback_and_the_tests_after_it_still_run()
            throws Exception {
        Path file = work.resolve("test_hanging.py");
        Files.writeString(file, "import time\n\ndef test_hangs():\n    time.sleep(600)\n\ndef test_after():\n    pass\n");

        Result result = run(file.toString(), "--python", PYTHON, "--timeout", "1", "--kill-grace", "1",
                "--logs-dir", work.resolve("logs").toString());

        assertThat(result.statusByTest()).as(result.output()).containsExactly(
                Map.entry("0:test_hanging.py::test_hangs", "error"),
                Map.entry("1:test_hanging.py::test_after", "passed"));
        assertThat(result.output()).contains("ERROR   " + file + "::test_hangs").contains("timed out after 1.0 s")
                .contains("resuming the pytest session for the 1 tests not run yet");
        assertThat(Files.readString(work.resolve("logs/0.log"))).contains("line 4 in test_hangs");
    }

    @Test
    void a_pytest_file_without_pytest_installed_is_that_files_error_and_the_other_tests_run() throws Exception {
        Path pythonWithoutPackages = work.resolve("python-without-site-packages");
        Files.writeString(pythonWithoutPackages, "#!/bin/sh\nexec " + PYTHON + " -S \"$@\"\n");
        pythonWithoutPackages.toFile().setExecutable(true);

        Result result = run("sample-tests/pytest_style/test_pytest_style.py", "sample-tests/plain/test_math_passes.py",
                "--python", pythonWithoutPackages.toString());

        assertThat(result.statusByTest()).containsExactly(
                Map.entry("0:test_pytest_style.py", "error"),
                Map.entry("1:test_math_passes.py", "passed"));
        assertThat(result.output()).contains("holds pytest tests, but pytest is not installed for");
        assertThat(result.exitCode()).isEqualTo(1);
    }

    @Test
    void each_tests_output_is_kept_by_its_place_in_the_plan() throws Exception {
        Path logs = work.resolve("logs");
        Result result = run("sample-tests/scenarios/scenario_master.py", "--logs-dir", logs.toString(), "--timeout", "10");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(logs.resolve("0.log")).hasContent("Switching the lamp on\nLamp is on");
        assertThat(Files.readString(logs.resolve("6.log"))).contains("AssertionError: the door did not lock");
        assertThat(Files.readString(logs.resolve("9.log"))).contains("Latch engaged");
        assertThat(logs.resolve("4.log")).as("01_05_test_lamp_colour.py prints nothing").doesNotExist();
        assertThat(Files.list(logs).count()).isEqualTo(9);
    }

    @Test
    void usage_errors_exit_2_with_a_clear_message_before_anything_runs() throws Exception {
        Path text = work.resolve("notes.txt");
        Files.writeString(text, "hello");

        Result missing = run("no/such/test.py");
        Result notPython = run(text.toString());

        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.output()).contains("No such test file: no/such/test.py");
        assertThat(notPython.exitCode()).isEqualTo(2);
        assertThat(notPython.output()).contains("Not a Python file");
        assertThat(missing.events()).isEmpty();
        Result badMapping = run("--report-path", "relative=/abs", text.toString());
        assertThat(badMapping.exitCode()).isEqualTo(2);
        assertThat(badMapping.output()).contains("--report-path").contains("expected OLD=NEW, two absolute folders");
    }

    @Test
    void a_queue_mode_runner_that_is_handed_nothing_for_its_wait_limit_ends_instead_of_waiting_forever()
            throws Exception {
        Path test = work.resolve("test_lamp.py");
        Files.writeString(test, "print('lit')\n");
        Path queue = Files.createDirectories(work.resolve("queue"));
        long start = System.nanoTime();

        Result left = run("--queue-dir", queue.toString(), "--queue-wait-limit", "1", test.toString());

        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(30));
        assertThat(left.output()).contains("no assignment from Jenkins for 1 s (--queue-wait-limit); this share ends")
                .doesNotContain("lit");
        assertThat(left.events()).extracting(event -> event.get("kind").textValue()).as("planned, nothing run")
                .doesNotContain("test-start", "test-stop");
        Result bad = run("--queue-dir", queue.toString(), "--queue-wait-limit", "0", test.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.output()).contains("--queue-wait-limit");
    }
}
