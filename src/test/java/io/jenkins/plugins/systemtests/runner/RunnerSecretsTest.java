package io.jenkins.plugins.systemtests.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials reach the tests as environment variables, and the runner masks their values in what it keeps. */
class RunnerSecretsTest {
    private static final String PASSWORD = "pa55-w0rd-XYZ";

    @TempDir
    Path work;

    @Test
    void a_test_sees_the_secret_but_its_log_junit_and_console_show_it_masked() throws Exception {
        Path test = work.resolve("test_uses_secret.py");
        Files.writeString(test, """
                import os
                print('connecting as', os.environ['DB_USR'], 'with', os.environ['DB_PSW'])
                assert os.environ['DB'] == 'tester:' + os.environ['DB_PSW']
                raise AssertionError('rejected password ' + os.environ['DB_PSW'])
                """);
        Path logs = work.resolve("logs");
        Path junit = work.resolve("junit.xml");
        ProcessBuilder builder = new ProcessBuilder(RunnerTest.PYTHON, RunnerTest.RUNNER.toString(), test.toString(),
                "--logs-dir", logs.toString(), "--junit", junit.toString(), "--mask-env", "DB_PSW", "--mask-env", "DB",
                "--events", work.resolve("events.jsonl").toString()).redirectErrorStream(true);
        builder.environment().putAll(java.util.Map.of("DB", "tester:" + PASSWORD, "DB_USR", "tester",
                "DB_PSW", PASSWORD));
        Process process = builder.start();
        String console = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        String log = Files.readString(logs.resolve("0.log"));
        String xml = Files.readString(junit);
        assertThat(process.exitValue()).as(console).isEqualTo(1);
        assertThat(console).contains("FAILED");
        assertThat(log).contains("connecting as tester with ****").contains("rejected password ****");
        assertThat(xml).contains("rejected password ****");
        for (String kept : List.of(console, log, xml, Files.readString(work.resolve("events.jsonl")))) {
            assertThat(kept).doesNotContain(PASSWORD);
        }
    }
}
