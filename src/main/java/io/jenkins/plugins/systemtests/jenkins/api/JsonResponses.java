package io.jenkins.plugins.systemtests.jenkins.api;

import hudson.security.ACL;
import io.jenkins.plugins.systemtests.core.api.ApiResponse;
import io.jenkins.plugins.systemtests.core.json.Json;
import io.jenkins.plugins.systemtests.core.protocol.ErrorCode;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsPermissions;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.StaplerResponse2;

/** Writes the core's answers onto servlet responses, and answers permission checks the same way. */
@Restricted(NoExternalUse.class)
public final class JsonResponses {
    private JsonResponses() {
    }

    public static void write(StaplerResponse2 rsp, ApiResponse answer) throws IOException {
        rsp.setStatus(answer.status());
        rsp.setHeader("Cache-Control", "no-store");
        for (Map.Entry<String, String> header : answer.headers().entrySet()) {
            rsp.setHeader(header.getKey(), header.getValue());
        }
        if (answer.body() == null) { // 204 and 304 carry no body
            return;
        }
        byte[] body = Json.MAPPER.writeValueAsBytes(answer.body());
        rsp.setContentType("application/json;charset=UTF-8");
        rsp.setContentLength(body.length);
        rsp.getOutputStream().write(body);
    }

    /**
     * A refusal when the caller may not report, or empty when it may. Asks the authentication whether it is anonymous
     * rather than {@code User.current()}, which looks the user up (and may create it) on every report.
     */
    static Optional<ApiResponse> refuseReporting() {
        if (ACL.isAnonymous2(Jenkins.getAuthentication2())) {
            return Optional.of(ApiResponse.error(ErrorCode.UNAUTHENTICATED,
                    "Authenticate as a Jenkins user with an API token (HTTP basic auth)")
                    .withHeader("WWW-Authenticate", "Basic realm=\"Jenkins\""));
        }
        if (!Jenkins.get().hasPermission(SystemTestsPermissions.REPORT)) {
            return Optional.of(ApiResponse.error(ErrorCode.FORBIDDEN,
                    "User '" + Jenkins.getAuthentication2().getName() + "' lacks the SystemTests/Report permission"));
        }
        return Optional.empty();
    }

    /** A refusal when the caller may not read, or empty when it may. */
    static Optional<ApiResponse> refuseReading() {
        if (!Jenkins.get().hasPermission(Jenkins.READ)) {
            return Optional.of(ApiResponse.error(ErrorCode.FORBIDDEN, "Reading needs the Overall/Read permission"));
        }
        return Optional.empty();
    }
}
