package io.jenkins.plugins.systemtests.jenkins.quarantine;

import hudson.model.Item;
import hudson.model.Job;
import io.jenkins.plugins.systemtests.core.json.Json;
import io.jenkins.plugins.systemtests.core.protocol.ErrorCode;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/** The quarantine's forms answer a refusal as the API does: {@code {errorCode, message}} with its 4xx status. */
final class QuarantineAnswers {
    private QuarantineAnswers() {
    }

    /** The answer, once Job/Configure is checked; a refusal as JSON. */
    static HttpResponse orError(Job<?, ?> job, QuarantineForm.Answer answer) throws IOException {
        if (!job.hasPermission(Item.CONFIGURE)) {
            return error(ErrorCode.FORBIDDEN, "Quarantining tests of " + job.getFullName()
                    + " needs the Job/Configure permission");
        }
        try {
            return answer.get();
        } catch (RejectedException e) {
            return error(e.errorCode(), e.getMessage());
        }
    }

    static HttpResponse error(ErrorCode code, String message) throws IOException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("errorCode", code.name());
        body.put("message", message);
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        return new HttpResponse() {
            @Override
            public void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node) throws IOException {
                rsp.setStatus(code.httpStatus());
                rsp.setContentType("application/json;charset=UTF-8");
                rsp.setHeader("Cache-Control", "no-store");
                rsp.getOutputStream().write(bytes);
            }
        };
    }

}
