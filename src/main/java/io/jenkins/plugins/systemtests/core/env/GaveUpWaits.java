package io.jenkins.plugins.systemtests.core.env;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.systemtests.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A job's record of queued builds that gave up waiting for a test environment, newest first, at most {@link #KEPT}:
 * one small JSON file in the job's directory, so it moves and goes with the job. Each change replaces the file
 * atomically, so a reader sees the list before or after it, never half of it.
 */
public final class GaveUpWaits {
    public static final String FILE_NAME = "system-tests-gave-up-waits.json";
    public static final int KEPT = 20;
    private static final ConcurrentMap<Path, Object> WRITE_LOCKS = new ConcurrentHashMap<>();

    private final Path file;

    private GaveUpWaits(Path file) {
        this.file = file;
    }

    public static GaveUpWaits inJobDirectory(Path jobDirectory) {
        return new GaveUpWaits(jobDirectory.resolve(FILE_NAME));
    }

    /** Whether there is anything to show, without reading the file (the job page asks this for every job). */
    public boolean isEmpty() {
        return !Files.exists(file);
    }

    /**
     * Adds a record in front. A file that cannot be read is kept beside it
     * ({@code .unreadable-<epoch millis>}) rather than overwritten.
     */
    public void add(GaveUpWait gaveUp) throws IOException {
        synchronized (WRITE_LOCKS.computeIfAbsent(file.toAbsolutePath().normalize(), f -> new Object())) {
            List<GaveUpWait> records = new ArrayList<>();
            records.add(gaveUp);
            try {
                records.addAll(list());
            } catch (IOException e) {
                Files.move(file, file.resolveSibling(FILE_NAME + ".unreadable-" + gaveUp.gaveUpAt().toEpochMilli()),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            write(records.subList(0, Math.min(KEPT, records.size())));
        }
    }

    /** The records, newest first. */
    public List<GaveUpWait> list() throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        JsonNode root = Json.MAPPER.readTree(Files.readAllBytes(file));
        if (root == null || !root.isArray()) {
            throw new IOException(file + " is not a list of gave-up waits");
        }
        List<GaveUpWait> records = new ArrayList<>();
        for (JsonNode node : root) {
            records.add(fromJson(node));
        }
        return records;
    }

    /** The records newer than a moment, newest first; none when the file cannot be read. */
    public List<GaveUpWait> since(Instant moment) {
        try {
            return list().stream().filter(r -> r.gaveUpAt().isAfter(moment)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private void write(List<GaveUpWait> records) throws IOException {
        ArrayNode array = Json.MAPPER.createArrayNode();
        records.forEach(r -> array.add(toJson(r)));
        Path temp = Files.createTempFile(Objects.requireNonNull(file.getParent(), "a job folder"), FILE_NAME, ".tmp");
        try {
            Files.write(temp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(array));
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static ObjectNode toJson(GaveUpWait r) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("job", r.job());
        node.put("queueId", r.queueId());
        node.put("environment", r.environment());
        node.put("resourceName", r.resourceName());
        node.put("queuedBy", r.queuedBy());
        node.put("queuedSince", r.queuedSince().toString());
        node.put("gaveUpAt", r.gaveUpAt().toString());
        node.put("waitTimeoutMinutes", r.waitTimeoutMinutes());
        node.put("holder", r.holder());
        node.put("message", r.message());
        return node;
    }

    private static GaveUpWait fromJson(JsonNode node) throws IOException {
        try {
            return new GaveUpWait(text(node, "job"), node.path("queueId").asLong(), text(node, "environment"),
                    text(node, "resourceName"), text(node, "queuedBy"), Instant.parse(text(node, "queuedSince")),
                    Instant.parse(text(node, "gaveUpAt")), node.path("waitTimeoutMinutes").asLong(),
                    text(node, "holder"), text(node, "message"));
        } catch (RuntimeException e) {
            throw new IOException("A gave-up wait could not be read: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IOException("A gave-up wait lacks its " + field);
        }
        return value.asText();
    }
}
