package io.jenkins.plugins.systemtests.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests run in a virtual environment made for their requirements: built once, shared, evicted when old. */
class RunnerVenvTest {
    @TempDir
    Path work;

    private record Outcome(int exitCode, String output) {
    }

    private Path testInVenv() throws Exception {
        Path test = work.resolve("test_in_venv.py");
        Files.writeString(test, "import sys\nassert sys.prefix != sys.base_prefix, 'not in a virtual environment'\n");
        return test;
    }

    private Process start(Path requirements, int keep) throws Exception {
        List<String> command = new ArrayList<>(List.of(RunnerTest.PYTHON, RunnerTest.RUNNER.toString(),
                testInVenv().toString(), "--requirements", requirements.toString(), "--venv-root",
                work.resolve("venvs").toString(), "--venv-keep", Integer.toString(keep)));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static Outcome finish(Process process) throws Exception {
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Outcome(process.exitValue(), output);
    }

    private Path requirements(String name, String text) throws Exception {
        Path file = work.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private List<String> environments() throws Exception {
        try (var files = Files.list(work.resolve("venvs"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".lock")).sorted().toList();
        }
    }

    @Test
    void the_tests_run_inside_an_environment_that_the_next_run_reuses() throws Exception {
        Path requirements = requirements("requirements.txt", "# nothing beyond the standard library\n");

        Outcome first = finish(start(requirements, 5));
        Outcome second = finish(start(requirements, 5));

        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("creating the virtual environment").contains("1 passed");
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).contains("reusing the virtual environment").doesNotContain("creating");
        assertThat(environments()).hasSize(1);
    }

    @Test
    void runs_starting_together_build_the_environment_once_and_share_it() throws Exception {
        Path requirements = requirements("requirements.txt", "# shared\n");
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            processes.add(start(requirements, 5));
        }
        int created = 0;
        for (Process process : processes) {
            Outcome outcome = finish(process);
            assertThat(outcome.exitCode()).as(outcome.output()).isZero();
            created += outcome.output().contains("creating the virtual environment") ? 1 : 0;
        }
        assertThat(created).isEqualTo(1);
        assertThat(environments()).hasSize(1);
    }

    @Test
    void the_least_recently_used_environments_beyond_the_count_are_evicted() throws Exception {
        Outcome a = finish(start(requirements("a.txt", "# a\n"), 2));
        List<String> oldest = environments();
        Thread.sleep(1100); // file times have a coarse resolution on some file systems
        Outcome b = finish(start(requirements("b.txt", "# b\n"), 2));
        Thread.sleep(1100);
        Outcome c = finish(start(requirements("c.txt", "# c\n"), 2));

        assertThat(List.of(a.exitCode(), b.exitCode(), c.exitCode())).containsOnly(0);
        assertThat(c.output()).contains("evicted the virtual environment " + oldest.get(0));
        assertThat(environments()).hasSize(2).doesNotContainAnyElementsOf(oldest);
    }

    @Test
    void requirements_that_cannot_be_installed_are_a_clear_usage_error() throws Exception {
        Outcome outcome = finish(start(requirements("requirements.txt", "surely-no-such-package-system-tests==0.0.1\n"), 5));

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.output()).containsAnyOf("Installing", "cannot create virtual environments with pip");
    }
}
