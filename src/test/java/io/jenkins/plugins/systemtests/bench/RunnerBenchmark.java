package io.jenkins.plugins.systemtests.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The runner's overhead per test, side by side in one run on the same 500 trivial scripts: the runner (a process per
 * test, forked from the warm runner), a shell loop starting the interpreter for each script, and in-process exec
 * (the original runner's way, which isolates nothing). Printed, never asserted: {@code mvn -Pbench verify}.
 */
class RunnerBenchmark {
    private static final Path BASEDIR = Path.of(System.getProperty("project.basedir", ".")).toAbsolutePath();
    private static final Path RUNNER = BASEDIR.resolve("src/main/resources/io/jenkins/plugins/systemtests/runner/runner.py");
    private static final int SCRIPTS = Integer.getInteger("bench.scripts", 500);

    @Test
    void runner_against_a_bare_interpreter_loop_and_in_process_exec() throws Exception {
        Path dir = Files.createTempDirectory("runner-bench");
        for (int i = 0; i < SCRIPTS; i++) {
            Files.writeString(dir.resolve(String.format("test_%03d.py", i)), "x = " + i + " + 1\nassert x > 0\n");
        }
        String python = realInterpreter();

        time(List.of(python, RUNNER.toString(), dir.toString())); // warm the file cache
        double runner = time(List.of(python, RUNNER.toString(), dir.toString()));
        double bare = time(List.of("sh", "-c", "for f in \"$0\"/*.py; do \"$1\" \"$f\" || exit 1; done", dir.toString(),
                python));
        double exec = time(List.of(python, "-c", "import glob, sys\n"
                + "for f in sorted(glob.glob(sys.argv[1] + '/*.py')):\n"
                + "    exec(compile(open(f).read(), f, 'exec'), {'__name__': '__main__'})\n", dir.toString()));

        System.out.printf("%n%-52s %10s %-10s %s%n", "benchmark (" + SCRIPTS + " trivial scripts)", "figure", "unit",
                "ratio to bare interpreter loop");
        row("bare interpreter start per script (baseline)", bare);
        row("runner: own process per test, forked warm", runner, bare);
        row("in-process exec (no isolation)", exec, bare);
        System.out.printf("(interpreter %s, %d cores)%n%n", python, Runtime.getRuntime().availableProcessors());
    }

    private static void row(String name, double seconds) {
        System.out.printf("%-52s %10.2f %-10s %s%n", name, seconds * 1000 / SCRIPTS, "ms/test", "1.00");
    }

    private static void row(String name, double seconds, double baseline) {
        System.out.printf("%-52s %10.2f %-10s %.2f%n", name, seconds * 1000 / SCRIPTS, "ms/test", seconds / baseline);
    }

    /** The interpreter behind any launcher or shim (a pyenv shim costs ~100 ms per start). */
    private static String realInterpreter() throws Exception {
        String python = System.getenv().getOrDefault("SYSTEM_TESTS_PYTHON", "python3");
        Process process = new ProcessBuilder(python, "-c", "import sys; print(sys.executable)").start();
        String path = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        process.waitFor();
        return path;
    }

    private static double time(List<String> command) throws Exception {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(command.get(0) + " failed with " + process.exitValue());
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
