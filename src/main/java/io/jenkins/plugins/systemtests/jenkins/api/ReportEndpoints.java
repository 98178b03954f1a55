package io.jenkins.plugins.systemtests.jenkins.api;

import io.jenkins.plugins.systemtests.core.api.ApiResponse;
import io.jenkins.plugins.systemtests.core.ingest.BoundedBody;
import io.jenkins.plugins.systemtests.core.protocol.MessageKind;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import java.io.IOException;
import java.util.Optional;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/** Reads a report's body within the cap and hands it to the core's ingestion service. */
final class ReportEndpoints {
    private ReportEndpoints() {
    }

    static void receive(MessageKind kind, StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        JsonResponses.write(rsp, answer(kind, req));
    }

    /** A batch of messages: {@code POST api/v1/events}. */
    static void receiveBatch(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        Optional<ApiResponse> refusal = JsonResponses.refuseReporting();
        ApiResponse answer;
        if (refusal.isPresent()) {
            answer = refusal.get();
        } else {
            try {
                BoundedBody.requireJson(req.getContentType());
                byte[] body = BoundedBody.read(req.getInputStream(), req.getContentLengthLong(), BoundedBody.MAX_BYTES,
                        req.getHeader("Content-Encoding"));
                answer = ApiResponse.ofBatch(SystemTestsService.get().ingestion().receiveBatch(body));
            } catch (RejectedException e) {
                answer = ApiResponse.error(e);
            }
        }
        JsonResponses.write(rsp, answer);
    }

    private static ApiResponse answer(MessageKind kind, StaplerRequest2 req) throws IOException {
        Optional<ApiResponse> refusal = JsonResponses.refuseReporting();
        if (refusal.isPresent()) {
            return refusal.get();
        }
        try {
            BoundedBody.requireJson(req.getContentType());
            byte[] body = BoundedBody.read(req.getInputStream(), req.getContentLengthLong(), BoundedBody.MAX_BYTES,
                    req.getHeader("Content-Encoding"));
            return ApiResponse.of(SystemTestsService.get().ingestion().receive(kind, body));
        } catch (RejectedException e) {
            return ApiResponse.error(e);
        }
    }
}
