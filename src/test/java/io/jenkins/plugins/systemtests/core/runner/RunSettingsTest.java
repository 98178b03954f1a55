package io.jenkins.plugins.systemtests.core.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunSettingsTest {
    @Test
    void blank_optional_values_take_their_defaults() {
        RunSettings settings = RunSettings.of(List.of("tests/", " "), "", null, null, "", null, null);

        assertThat(settings.tests()).containsExactly("tests/");
        assertThat(settings.environment()).isEmpty();
        assertThat(settings.python()).isEqualTo("python3");
        assertThat(settings.timeoutMinutes()).isEqualTo(30);
        assertThat(settings.junitXml()).isEqualTo("system-tests-results.xml");
        assertThat(settings.unstableOn()).containsExactlyInAnyOrder(TestStatus.FAILED, TestStatus.ERROR);
        assertThat(settings.failureOn()).isEmpty();
    }

    @Test
    void the_runner_command_carries_every_setting() {
        RunSettings settings = RunSettings.of(List.of("scenarios/master.py", "plain/*.py"), "7", "/opt/py/bin/python3.12",
                5, "out/results.xml", "failed", "error, unknown");

        assertThat(settings.environment().orElseThrow().resourceName()).isEqualTo("system-test-env-7");
        assertThat(settings.failureOn()).containsExactlyInAnyOrder(TestStatus.ERROR, TestStatus.UNKNOWN);
        assertThat(settings.command("/ws@tmp/runner.py", "/ws@tmp/events.jsonl", "agent-1", "job/lab/3/"))
                .containsExactly("/opt/py/bin/python3.12", "/ws@tmp/runner.py", "scenarios/master.py", "plain/*.py",
                        "--timeout", "300", "--junit", "out/results.xml", "--events", "/ws@tmp/events.jsonl",
                        "--machine-name", "agent-1", "--python", "/opt/py/bin/python3.12", "--build-url", "job/lab/3/",
                        "--environment", "7");
    }

    @Test
    void wrong_values_are_explained() {
        assertThatThrownBy(() -> RunSettings.of(List.of(), null, null, null, null, null, null))
                .hasMessageStartingWith("Select at least one test");
        assertThatThrownBy(() -> RunSettings.of(List.of("../secret.py"), null, null, null, null, null, null))
                .hasMessage("Test path '../secret.py' must stay inside the workspace");
        assertThatThrownBy(() -> RunSettings.of(List.of("/etc/x.py"), null, null, null, null, null, null))
                .hasMessage("Test path '/etc/x.py' must stay inside the workspace");
        assertThatThrownBy(() -> RunSettings.of(List.of("t.py"), "0", null, null, null, null, null))
                .hasMessageContaining("numbers go from 1 to 100");
        assertThatThrownBy(() -> RunSettings.of(List.of("t.py"), null, null, 0, null, null, null))
                .hasMessage("The per-test timeout must be from 1 to 10080 minutes");
        assertThatThrownBy(() -> RunSettings.of(List.of("t.py"), null, null, null, "C:\\\\out.xml", null, null))
                .hasMessageContaining("must stay inside the workspace");
        assertThatThrownBy(() -> RunSettings.of(List.of("t.py"), null, null, null, null, "failed, running", null))
                .hasMessage("'running' is not an outcome: use passed, warning, skipped, failed, error, cancelled, unknown");
    }

    @Test
    void a_requirements_file_runs_the_tests_in_a_virtual_environment() {
        RunSettings settings = RunSettings.of(List.of("t.py"), null, null, null, null, null, null)
                .withRequirements(" tests/requirements.txt ");
        assertThat(settings.requirements()).isEqualTo("tests/requirements.txt");
        assertThat(settings.command("r.py", "e.jsonl", "m", null)).containsSubsequence("--requirements",
                "tests/requirements.txt");
        assertThat(RunSettings.of(List.of("t.py"), null, null, null, null, null, null).withRequirements("").requirements())
                .isNull();
        assertThatThrownBy(() -> RunSettings.of(List.of("t.py"), null, null, null, null, null, null)
                .withRequirements("../requirements.txt"))
                .hasMessage("Requirements file path '../requirements.txt' must stay inside the workspace");
    }

    @Test
    void library_tests_are_referenced_by_directory_and_file() {
        assertThat(RunSettings.of(List.of("library:door_v2/test_lock.py", "local/test.py"), null, null, null, null, null,
                null).tests()).containsExactly("library:door_v2/test_lock.py", "local/test.py");
        for (String bad : List.of("library:../x.py", "library:dir/../../x.py", "library:dir/x.txt", "library:x.py",
                "library:.hidden/x.py")) {
            assertThatThrownBy(() -> RunSettings.of(List.of(bad), null, null, null, null, null, null))
                    .as(bad).hasMessageContaining("is not a library test");
        }
    }

    @Test
    void the_verdict_follows_the_chosen_outcomes() {
        Map<TestStatus, Integer> counts = Map.of(TestStatus.PASSED, 5, TestStatus.FAILED, 2, TestStatus.WARNING, 1);

        assertThat(Verdict.of(counts, RunSettings.DEFAULT_UNSTABLE_ON, Set.of()))
                .isEqualTo(new Verdict(Verdict.Result.UNSTABLE, "2 failed"));
        assertThat(Verdict.of(counts, RunSettings.DEFAULT_UNSTABLE_ON, Set.of(TestStatus.FAILED)))
                .isEqualTo(new Verdict(Verdict.Result.FAILURE, "2 failed"));
        assertThat(Verdict.of(Map.of(TestStatus.PASSED, 3), RunSettings.DEFAULT_UNSTABLE_ON, Set.of(TestStatus.ERROR)).result())
                .isEqualTo(Verdict.Result.SUCCESS);
        assertThat(Verdict.summary(counts, TestStatus.FAILED, new Verdict(Verdict.Result.UNSTABLE, "2 failed"), 4, "/r/4"))
                .containsEntry("passed", 5).containsEntry("failed", 2).containsEntry("total", 8)
                .containsEntry("status", "failed").containsEntry("result", "UNSTABLE").containsEntry("url", "/r/4");
        assertThat(Arrays.asList(Verdict.Result.values())).hasSize(3);
    }

    @Test
    void skipped_tests_never_change_the_build_result_unless_asked_and_the_summary_counts_them() {
        Map<TestStatus, Integer> counts = Map.of(TestStatus.PASSED, 5, TestStatus.SKIPPED, 24);

        assertThat(Verdict.of(counts, RunSettings.DEFAULT_UNSTABLE_ON, Set.of()).result()).isEqualTo(Verdict.Result.SUCCESS);
        assertThat(Verdict.of(Map.of(TestStatus.SKIPPED, 3), RunSettings.DEFAULT_UNSTABLE_ON, Set.of()).result())
                .isEqualTo(Verdict.Result.SUCCESS);
        assertThat(Verdict.of(counts, RunSettings.statuses("skipped"), Set.of()))
                .isEqualTo(new Verdict(Verdict.Result.UNSTABLE, "24 skipped"));
        assertThat(Verdict.summary(counts, TestStatus.PASSED, new Verdict(Verdict.Result.SUCCESS, ""), 4, "/r/4"))
                .containsEntry("skipped", 24).containsEntry("total", 29).containsEntry("status", "passed");
    }
}
