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
import org.junit.jupiter.api.io.TempDir;

/** Runs the shipped runner.py as a real Python process, from the project folder. */
abstract class RunnerFixture {
    static final Path BASEDIR = Path.of(System.getProperty("project.basedir", ".")).toAbsolutePath();
    static final Path RUNNER = BASEDIR.resolve("src/main/resources/io/jenkins/plugins/systemtests/runner/runner.py");
    static final String PYTHON = System.getenv().getOrDefault("SYSTEM_TESTS_PYTHON", "python3");

    @TempDir
    Path work;

    record Result(int exitCode, String output, List<JsonNode> events) {
        Map<String, String> statusByTest() {
            Map<String, String> statuses = new LinkedHashMap<>();
            int n = 0;
            for (JsonNode event : events) {
                if (event.get("kind").textValue().equals("test-stop")) {
                    statuses.put(n++ + ":" + event.at("/message/file_name").textValue(),
                            event.at("/message/status").textValue());
                }
            }
            return statuses;
        }
    }

    Result run(String... args) throws IOException, InterruptedException {
        return runIn(BASEDIR, args);
    }

    /** Runs the runner started in {@code directory}, as a build starts it in its workspace. */
    Result runIn(Path directory, String... args) throws IOException, InterruptedException {
        Path events = work.resolve("events.jsonl");
        Files.deleteIfExists(events);
        List<String> command = new ArrayList<>(List.of(PYTHON, RUNNER.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--events", events.toString(), "--machine-name", "ci-machine"));
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        List<JsonNode> parsed = new ArrayList<>();
        if (Files.exists(events)) {
            for (String line : Files.readAllLines(events)) {
                parsed.add(Json.MAPPER.readTree(line));
            }
        }
        return new Result(process.exitValue(), output, parsed);
    }
}
