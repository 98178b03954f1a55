package io.jenkins.plugins.systemtests.core.library;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.systemtests.core.api.ApiResponse;
import io.jenkins.plugins.systemtests.core.protocol.ErrorCode;
import io.jenkins.plugins.systemtests.core.protocol.JsonBodies;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The upload page's JSON requests: {@code upload} takes {@code {"directory", "overwrite", "files": [{"name",
 * "content"}]}} (content in base64) and answers per file; {@code delete} takes {@code {"directory", "file"}}.
 * A refused file changes nothing; the others of the same request are still saved.
 */
public final class LibraryApi {
    /** Room for a few files of at most 1 MiB each, in base64. */
    public static final int MAX_REQUEST_BYTES = 16 * 1024 * 1024;

    private final TestLibrary library;

    public LibraryApi(TestLibrary library) {
        this.library = library;
    }

    public ApiResponse upload(byte[] body) {
        try {
            JsonNode request = object(body);
            String directory = text(request, "directory");
            boolean overwrite = request.path("overwrite").asBoolean(false);
            JsonNode files = request.get("files");
            if (files == null || !files.isArray() || files.isEmpty()) {
                throw new RejectedException(ErrorCode.INVALID_FIELD, "files: choose at least one .py file");
            }
            List<Map<String, Object>> results = new ArrayList<>();
            int saved = 0;
            for (JsonNode file : files) {
                Map<String, Object> result = new LinkedHashMap<>();
                String name = file.path("name").asText("");
                result.put("file", name);
                try {
                    byte[] content = Base64.getDecoder().decode(text(file, "content"));
                    TestLibrary.Entry entry = library.save(directory, name, content, overwrite);
                    result.put("saved", true);
                    result.put("reference", entry.reference());
                    saved++;
                } catch (IllegalArgumentException e) {
                    result.put("saved", false);
                    result.put("errorCode", ErrorCode.INVALID_FIELD.name());
                    result.put("message", "content: not base64");
                } catch (RejectedException e) {
                    result.put("saved", false);
                    result.put("errorCode", e.errorCode().name());
                    result.put("message", e.getMessage());
                }
                results.add(result);
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("saved", saved);
            answer.put("files", results);
            return ApiResponse.of(saved == results.size() ? 201 : saved > 0 ? 207 : 400, answer);
        } catch (RejectedException e) {
            return ApiResponse.error(e);
        } catch (IOException e) {
            return ApiResponse.error(ErrorCode.STORAGE_UNAVAILABLE, "The library could not be written; retry later");
        }
    }

    public ApiResponse delete(byte[] body) {
        try {
            JsonNode request = object(body);
            library.delete(text(request, "directory"), text(request, "file"));
            return ApiResponse.of(200, Map.of("deleted", true));
        } catch (RejectedException e) {
            return ApiResponse.error(e);
        } catch (IOException e) {
            return ApiResponse.error(ErrorCode.STORAGE_UNAVAILABLE, "The library could not be changed; retry later");
        }
    }

    private static JsonNode object(byte[] body) throws RejectedException {
        JsonNode node = JsonBodies.read(body);
        if (!node.isObject()) {
            throw new RejectedException(ErrorCode.INVALID_FIELD, "The body must be a JSON object");
        }
        return node;
    }

    private static String text(JsonNode node, String field) throws RejectedException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new RejectedException(ErrorCode.INVALID_FIELD, field + ": missing or not a string");
        }
        return value.textValue();
    }
}
