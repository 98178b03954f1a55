package io.jenkins.plugins.systemtests.core.api;

import io.jenkins.plugins.systemtests.core.protocol.ErrorCode;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP answer decided by the core: a status and a body that is written as JSON. The Jenkins layer only copies it
 * onto the servlet response.
 */
public record ApiResponse(int status, Object body, Map<String, String> headers) {
    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    public static ApiResponse of(int status, Object body) {
        return new ApiResponse(status, body, Map.of());
    }

    public static ApiResponse error(ErrorCode code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errorCode", code.name());
        body.put("message", message);
        return new ApiResponse(code.httpStatus(), body, Map.of());
    }

    public static ApiResponse error(RejectedException e) {
        return error(e.errorCode(), e.getMessage());
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ApiResponse(status, body, copy);
    }
}
