package io.jenkins.plugins.systemtests.core.api;

import io.jenkins.plugins.systemtests.core.ingest.Receipt;
import io.jenkins.plugins.systemtests.core.protocol.ErrorCode;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP answer decided by the core: a status and a body that is written as JSON. The Jenkins layer only copies it
 * onto the servlet response.
 */
public record ApiResponse(int status, Object body, Map<String, String> headers) {
    /**
     * When a client should try again after {@code STORAGE_UNAVAILABLE} ({@code Retry-After}, seconds): the store tries
     * its disk again every second, so a few seconds let it recover without a crowd of retries meanwhile.
     */
    public static final int STORAGE_RETRY_AFTER_SECONDS = 5;

    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    public static ApiResponse of(int status, Object body) {
        return new ApiResponse(status, body, Map.of());
    }

    /** {@code {errorCode, message}} with the code's status; {@code STORAGE_UNAVAILABLE} also says when to retry. */
    public static ApiResponse error(ErrorCode code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errorCode", code.name());
        body.put("message", message);
        return new ApiResponse(code.httpStatus(), body, code == ErrorCode.STORAGE_UNAVAILABLE ? retryAfter() : Map.of());
    }

    private static Map<String, String> retryAfter() {
        return Map.of("Retry-After", Integer.toString(STORAGE_RETRY_AFTER_SECONDS));
    }

    public static ApiResponse error(RejectedException e) {
        return error(e.errorCode(), e.getMessage());
    }

    /**
     * How a report's receipt reads over HTTP: 201 {@code {runId, url, machine, tests}} for a new run, 202
     * {@code {runId, duplicate}} for a test event, the error otherwise (docs/api.md).
     */
    public static ApiResponse of(Receipt receipt) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (receipt instanceof Receipt.Created created) {
            body.put("runId", created.runId());
            body.put("url", created.url());
            body.put("machine", created.machine());
            body.put("tests", created.tests());
            return of(201, body);
        }
        if (receipt instanceof Receipt.Applied applied) {
            body.put("runId", applied.runId());
            body.put("duplicate", applied.duplicate());
            return of(202, body);
        }
        return error(((Receipt.Refused) receipt).reason());
    }

    /**
     * A batch's answer: 200 {@code {results: [...]}}, one result per message in order, each the body its message would
     * have got alone plus its {@code status} (docs/api.md); with {@code Retry-After} when some are to be sent again
     * because the disk did not take them.
     */
    public static ApiResponse ofBatch(java.util.List<Receipt> receipts) {
        java.util.List<Map<String, Object>> results = new java.util.ArrayList<>(receipts.size());
        Map<String, String> headers = Map.of();
        for (Receipt receipt : receipts) {
            ApiResponse single = of(receipt);
            if (!single.headers().isEmpty()) {
                headers = single.headers();
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("status", single.status());
            @SuppressWarnings("unchecked")
            Map<String, Object> body = (Map<String, Object>) single.body();
            result.putAll(body);
            results.add(result);
        }
        return new ApiResponse(200, Map.of("results", results), headers);
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ApiResponse(status, body, copy);
    }
}
