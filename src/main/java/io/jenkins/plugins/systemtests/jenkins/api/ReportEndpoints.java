package io.jenkins.plugins.systemtests.jenkins.api;

import io.jenkins.plugins.systemtests.core.api.ApiResponse;
import io.jenkins.plugins.systemtests.core.ingest.BoundedBody;
import io.jenkins.plugins.systemtests.core.ingest.IngestionService;
import io.jenkins.plugins.systemtests.core.protocol.ErrorCode;
import io.jenkins.plugins.systemtests.core.protocol.MessageKind;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import java.io.IOException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/** Reads a report's body within the cap and hands it to the core's ingestion service. */
final class ReportEndpoints {
    private static final Logger LOGGER = Logger.getLogger(ReportEndpoints.class.getName());

    private ReportEndpoints() {
    }

    /** One message: {@code POST api/v1/dry-run}, {@code test-start}, {@code test-stop}. */
    static void receive(MessageKind kind, StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        JsonResponses.write(rsp, answer(req, (ingestion, body) -> ApiResponse.of(ingestion.receive(kind, body))));
    }

    /** A batch of messages: {@code POST api/v1/events}. */
    static void receiveBatch(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        JsonResponses.write(rsp, answer(req, (ingestion, body) -> ApiResponse.ofBatch(ingestion.receiveBatch(body))));
    }

    @FunctionalInterface
    private interface Ingest {
        ApiResponse take(IngestionService ingestion, byte[] body) throws RejectedException;
    }

    /** The reporter's permission, the content type and the body within its cap (gzip allowed), then the core. */
    private static ApiResponse answer(StaplerRequest2 req, Ingest ingest) throws IOException {
        Optional<ApiResponse> refusal = JsonResponses.refuseReporting();
        if (refusal.isPresent()) {
            return refusal.get();
        }
        try {
            BoundedBody.requireJson(req.getContentType());
            byte[] body = BoundedBody.read(req.getInputStream(), req.getContentLengthLong(), BoundedBody.MAX_BYTES,
                    req.getHeader("Content-Encoding"));
            return ingest.take(ingestion(), body);
        } catch (RejectedException e) {
            return ApiResponse.error(e);
        }
    }

    /** The ingestion service; 503 while its store cannot be opened (it is tried again at the next report). */
    private static IngestionService ingestion() throws RejectedException {
        try {
            return SystemTestsService.get().ingestion();
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "The System Tests store could not be opened; reports are answered 503", e);
            throw new RejectedException(ErrorCode.STORAGE_UNAVAILABLE,
                    "Jenkins could not open its System Tests store on its disk; retry later");
        }
    }
}
