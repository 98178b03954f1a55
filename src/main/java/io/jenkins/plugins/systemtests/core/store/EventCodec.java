package io.jenkins.plugins.systemtests.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.systemtests.core.json.Json;
import io.jenkins.plugins.systemtests.core.model.EndReason;
import io.jenkins.plugins.systemtests.core.model.RunEvent;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.core.protocol.DryRun;
import io.jenkins.plugins.systemtests.core.protocol.ProtocolTimestamp;
import io.jenkins.plugins.systemtests.core.protocol.ScenarioPlan;
import io.jenkins.plugins.systemtests.core.protocol.ScriptRef;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Run events as one JSON object each; the plan keeps the protocol's own field names. */
final class EventCodec {
    private EventCodec() {
    }

    /** An event as logged: its run, its number within the run, and for a creation the run's directory. */
    record Record(long runId, int number, String directory, RunEvent event) {
    }

    static byte[] encode(long runId, int number, String directory, RunEvent event) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("run", runId).put("n", number);
        if (directory != null) {
            node.put("dir", directory);
        }
        if (event instanceof RunEvent.Created created) {
            node.put("e", "created");
            node.set("plan", encodePlan(created.plan()));
        } else if (event instanceof RunEvent.Started started) {
            node.put("e", "started").put("i", started.testIndex())
                    .put("ts", ProtocolTimestamp.format(started.start()));
        } else if (event instanceof RunEvent.Stopped stopped) {
            node.put("e", "stopped").put("i", stopped.testIndex()).put("s", stopped.status().wireName())
                    .put("ts", ProtocolTimestamp.format(stopped.stop()));
            if (stopped.reason() != null) {
                node.put("r", stopped.reason());
            }
            if (stopped.retry()) {
                node.put("retry", true);
            }
        } else if (event instanceof RunEvent.Ended ended) {
            node.put("e", "ended").put("reason", ended.reason().name().toLowerCase(Locale.ROOT))
                    .put("to", ended.unfinishedBecome().wireName());
        }
        node.put("at", event.at().toString());
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("A run event could not be encoded", e);
        }
    }

    static Record decode(byte[] record) throws IOException {
        JsonNode node = Json.MAPPER.readTree(record);
        JsonNode directory = node.get("dir");
        return new Record(node.get("run").longValue(), node.get("n").intValue(),
                directory == null ? null : directory.textValue(), decodeEvent(node));
    }

    private static RunEvent decodeEvent(JsonNode node) throws IOException {
        Instant at = Instant.parse(node.get("at").textValue());
        String kind = node.get("e").textValue();
        switch (kind) {
            case "created":
                return new RunEvent.Created(node.get("run").longValue(), decodePlan(node.get("plan")), at);
            case "started":
                return new RunEvent.Started(node.get("i").intValue(), timestamp(node.get("ts")), at);
            case "stopped":
                return new RunEvent.Stopped(node.get("i").intValue(), status(node.get("s")),
                        timestamp(node.get("ts")), at, node.path("r").textValue(), node.path("retry").asBoolean(false));
            case "ended":
                return new RunEvent.Ended(EndReason.valueOf(node.get("reason").textValue().toUpperCase(Locale.ROOT)),
                        status(node.get("to")), at);
            default:
                throw new IOException("Unknown run event '" + kind + "'");
        }
    }

    private static ObjectNode encodePlan(DryRun plan) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("machine_name", plan.machineName());
        node.put("timestamp", ProtocolTimestamp.format(plan.timestamp()));
        if (plan.buildUrl() != null) {
            node.put("build_url", plan.buildUrl());
        }
        if (plan.environment() != null) {
            node.put("environment", plan.environment());
        }
        if (plan.startedBy() != null) {
            node.put("started_by", plan.startedBy());
        }
        ObjectNode master = encodeScript(plan.masterScenario());
        ArrayNode scenarios = master.putArray("scenarios");
        for (ScenarioPlan scenario : plan.scenarios()) {
            ObjectNode s = encodeScript(scenario.scenario());
            ArrayNode tests = s.putArray("tests");
            scenario.tests().forEach(t -> tests.add(encodeScript(t)));
            scenarios.add(s);
        }
        node.set("master_scenario", master);
        return node;
    }

    private static ObjectNode encodeScript(ScriptRef script) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("file_path", script.filePath()).put("file_name", script.fileName()).put("script", script.script());
        if (script.scriptTruncated()) {
            node.put("script_truncated", true);
        }
        return node;
    }

    private static DryRun decodePlan(JsonNode node) throws IOException {
        JsonNode master = node.get("master_scenario");
        List<ScenarioPlan> scenarios = new ArrayList<>();
        for (JsonNode s : master.get("scenarios")) {
            List<ScriptRef> tests = new ArrayList<>();
            for (JsonNode t : s.get("tests")) {
                tests.add(decodeScript(t));
            }
            scenarios.add(new ScenarioPlan(decodeScript(s), tests));
        }
        return new DryRun(node.get("machine_name").textValue(), timestamp(node.get("timestamp")),
                decodeScript(master), scenarios, optional(node, "build_url"), optional(node, "environment"),
                optional(node, "started_by"));
    }

    private static String optional(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.textValue();
    }

    private static ScriptRef decodeScript(JsonNode node) {
        return new ScriptRef(node.get("file_path").textValue(), node.get("file_name").textValue(),
                node.get("script").textValue(), node.path("script_truncated").asBoolean(false));
    }

    private static java.time.LocalDateTime timestamp(JsonNode node) throws IOException {
        return ProtocolTimestamp.parse(node.textValue())
                .orElseThrow(() -> new IOException("Bad timestamp in the log: " + node));
    }

    private static TestStatus status(JsonNode node) throws IOException {
        return TestStatus.fromWireName(node.textValue())
                .orElseThrow(() -> new IOException("Bad status in the log: " + node));
    }
}
