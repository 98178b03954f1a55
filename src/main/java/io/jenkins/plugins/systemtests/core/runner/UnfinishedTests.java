package io.jenkins.plugins.systemtests.core.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.systemtests.core.ingest.IngestionService;
import io.jenkins.plugins.systemtests.core.ingest.Receipt;
import io.jenkins.plugins.systemtests.core.json.Json;
import io.jenkins.plugins.systemtests.core.model.EndReason;
import io.jenkins.plugins.systemtests.core.model.TestRun;
import io.jenkins.plugins.systemtests.core.protocol.MessageKind;
import io.jenkins.plugins.systemtests.core.protocol.ProtocolTimestamp;
import io.jenkins.plugins.systemtests.core.protocol.ScriptRef;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ends the tests of a run whose runner can no longer say how they ended (the machine restarted, or the agent never came
 * back): each becomes {@code error} with the reason, told to the store in the protocol's own messages, as the runner
 * would have (a TEST STOP for a running test; a TEST START and STOP for one that never started, as the runner does for
 * a test it does not run). What the runner reported before stays as it was.
 */
final class UnfinishedTests {
    private UnfinishedTests() {
    }

    /**
     * @return how many tests were ended
     */
    static int endAsError(IngestionService service, long runId, String reason) {
        int ended = send(service, runId, reason, i -> true);
        // Whatever could not be ended by a message (the store refused it) is ended with the run all the same.
        service.endRun(runId, EndReason.INTERRUPTED, TestStatus.ERROR);
        return ended;
    }

    /**
     * Ends only these tests (of a lost share), leaving the run open for the others.
     *
     * @return how many tests were ended
     */
    static int endAsError(IngestionService service, long runId, java.util.Set<Integer> positions, String reason) {
        return send(service, runId, reason, positions::contains);
    }

    /** Tells the store how the chosen unfinished tests ended; returns how many the store took as ended. */
    private static int send(IngestionService service, long runId, String reason, java.util.function.IntPredicate among) {
        LocalDateTime now = LocalDateTime.now();
        List<Map.Entry<MessageKind, ObjectNode>> messages = service.reader()
                .read(runId, run -> messages(run, reason, now, among)).orElse(List.of());
        int ended = 0;
        for (Map.Entry<MessageKind, ObjectNode> message : messages) {
            Receipt receipt;
            try {
                receipt = service.receiveFromBuild(message.getKey(), Json.MAPPER.writeValueAsBytes(message.getValue()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a message of our own could not be written", e);
            }
            if (message.getKey() == MessageKind.TEST_STOP && !(receipt instanceof Receipt.Refused)) {
                ended++;
            }
        }
        return ended;
    }

    private static List<Map.Entry<MessageKind, ObjectNode>> messages(TestRun run, String reason, LocalDateTime now,
            java.util.function.IntPredicate among) {
        List<Map.Entry<MessageKind, ObjectNode>> messages = new ArrayList<>();
        for (int i = 0; i < run.testCount(); i++) {
            if (!among.test(i)) {
                continue;
            }
            TestStatus status = run.status(i);
            // A test awaiting its retry never started that attempt: like a waiting test, a START and a STOP (its
            // earlier attempts stay as the runner reported them).
            if (status == TestStatus.WAITING || run.isAwaitingRetry(i)) {
                ObjectNode start = reference(run, i);
                start.put("timestamp_start", ProtocolTimestamp.format(now));
                messages.add(Map.entry(MessageKind.TEST_START, start));
                messages.add(Map.entry(MessageKind.TEST_STOP, stop(run, i, now, "not run: " + reason)));
            } else if (status == TestStatus.RUNNING) {
                LocalDateTime started = run.start(i);
                LocalDateTime stop = started != null && started.isAfter(now) ? started : now; // clocks may differ
                messages.add(Map.entry(MessageKind.TEST_STOP, stop(run, i, stop, reason)));
            }
        }
        return messages;
    }

    private static ObjectNode stop(TestRun run, int index, LocalDateTime at, String reason) {
        ObjectNode stop = reference(run, index);
        stop.put("status", TestStatus.ERROR.wireName());
        stop.put("timestamp_stop", ProtocolTimestamp.format(at));
        stop.put("reason", reason);
        return stop;
    }

    private static ObjectNode reference(TestRun run, int index) {
        ScriptRef test = run.test(index);
        ObjectNode message = Json.MAPPER.createObjectNode();
        message.put("machine_name", run.machineName());
        message.put("file_path", test.filePath());
        message.put("file_name", test.fileName());
        if (run.plan().buildUrl() != null) {
            message.put("build_url", run.plan().buildUrl());
        }
        return message;
    }
}
