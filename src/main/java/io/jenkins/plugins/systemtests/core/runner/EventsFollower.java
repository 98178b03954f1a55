package io.jenkins.plugins.systemtests.core.runner;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.systemtests.core.json.Json;
import io.jenkins.plugins.systemtests.core.protocol.MessageKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows the runner's events file ({@code --events}) as it grows: one JSON line per message,
 * {@code {"kind": "test-start", "message": {...}}}. Bytes arrive in arbitrary chunks; only whole lines are returned.
 */
public final class EventsFollower {
    /** A message the runner emitted, in the protocol's own JSON; {@code end}: the file's offset after its line. */
    public record Event(MessageKind kind, byte[] message, long end) {
    }

    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private long offset;

    /** Starts at a position of the file already read (to the end of a whole line). */
    void skipTo(long position) {
        offset = position;
        partial.reset();
    }

    /** How many bytes of the file have been taken so far: where the next read starts. */
    public long offset() {
        return offset;
    }

    /** Takes the next bytes of the file; returns the messages completed by them, and skips lines it cannot read. */
    public List<Event> accept(byte[] chunk, int length) {
        long base = offset;
        offset += length;
        List<Event> events = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (chunk[i] == '\n') {
                partial.write(chunk, start, i - start);
                parse(partial.toByteArray(), base + i + 1).ifPresent(events::add);
                partial.reset();
                start = i + 1;
            }
        }
        partial.write(chunk, start, length - start);
        return events;
    }

    private static java.util.Optional<Event> parse(byte[] line, long end) {
        try {
            JsonNode node = Json.MAPPER.readTree(line);
            if (node == null || !node.has("kind") || !node.has("message")) {
                return java.util.Optional.empty();
            }
            return MessageKind.fromPathSegment(node.get("kind").asText())
                    .map(kind -> new Event(kind, node.get("message").toString()
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8), end));
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}
