package io.jenkins.plugins.systemtests.core.support;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.systemtests.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Message bodies for tests: the protocol's example messages (docs/examples, copies of the contract's seed files), and generated ones in the same shape. */
public final class Plans {
    public static final Path PROTOCOL = Path.of(System.getProperty("project.basedir", "."))
            .resolve("docs/examples");

    private Plans() {
    }

    public static byte[] example(String name) {
        try {
            return Files.readAllBytes(PROTOCOL.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A test file of a generated plan. */
    public record File(String path, String name) {
    }

    /** A dry run with one scenario per list of files. */
    public static byte[] dryRun(String machine, List<List<File>> scenarios) {
        return dryRun(machine, scenarios, "2018-12-30 13:01:57.461401");
    }

    /**
     * A dry run planned at a given time: a machine's next run has a new one (the same plan at the same time is a
     * resent report of the run already made).
     */
    public static byte[] dryRun(String machine, List<List<File>> scenarios, String timestamp) {
        return dryRun(machine, "/scenarios", scenarios, timestamp);
    }

    /** A dry run whose master scenario (and scenarios) are in {@code runFolder}: the folder its tests are named from. */
    public static byte[] dryRun(String machine, String runFolder, List<List<File>> scenarios, String timestamp) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("machine_name", machine).put("timestamp", timestamp);
        ObjectNode master = root.putObject("master_scenario");
        master.put("file_path", runFolder).put("file_name", "scenario_master.py").put("script", "import os");
        ArrayNode scenarioArray = master.putArray("scenarios");
        int s = 0;
        for (List<File> files : scenarios) {
            ObjectNode scenario = scenarioArray.addObject();
            scenario.put("file_path", runFolder).put("file_name", "scenario_" + s++ + ".py").put("script", "");
            ArrayNode tests = scenario.putArray("tests");
            for (File f : files) {
                tests.addObject().put("file_path", f.path()).put("file_name", f.name()).put("script", "print(1)");
            }
        }
        return bytes(root);
    }

    public static byte[] start(String machine, File file, String timestamp) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("machine_name", machine).put("file_path", file.path()).put("file_name", file.name())
                .put("timestamp_start", timestamp);
        return bytes(root);
    }

    public static byte[] stop(String machine, File file, String status, String timestamp) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("machine_name", machine).put("file_path", file.path()).put("file_name", file.name())
                .put("status", status).put("timestamp_stop", timestamp);
        return bytes(root);
    }

    /** A TEST STOP with the optional reason the runner sends for a test that did not pass. */
    public static byte[] stop(String machine, File file, String status, String timestamp, String reason) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("machine_name", machine).put("file_path", file.path()).put("file_name", file.name())
                .put("status", status).put("timestamp_stop", timestamp).put("reason", reason);
        return bytes(root);
    }

    /** A distinct, valid timestamp for the n-th event of a session. */
    public static String timestamp(int n) {
        return String.format("2018-12-30 13:%02d:%02d.%06d", (n / 60) % 60, n % 60, n);
    }

    public static byte[] bytes(Object node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
