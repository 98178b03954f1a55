package io.jenkins.plugins.systemtests.jenkins.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.User;
import hudson.security.ACL;
import io.jenkins.plugins.systemtests.core.api.ApiResponse;
import io.jenkins.plugins.systemtests.core.flaky.Quarantine;
import io.jenkins.plugins.systemtests.core.flaky.QuarantineEntry;
import io.jenkins.plugins.systemtests.core.ingest.BoundedBody;
import io.jenkins.plugins.systemtests.core.json.Json;
import io.jenkins.plugins.systemtests.core.protocol.ErrorCode;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import io.jenkins.plugins.systemtests.jenkins.quarantine.Quarantines;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * {@code api/v1/quarantine}: a job's quarantined tests. {@code GET ?job=} lists them (Job/Read); {@code POST add} and
 * {@code POST remove} change them (Job/Configure), with a small JSON body. Refusals are {@code {errorCode, message}}.
 */
final class QuarantineEndpoints {
    /** A quarantine's body is a few fields: far below the reports' cap. */
    private static final int MAX_BODY = 16 * 1024;

    private QuarantineEndpoints() {
    }

    /** The job's quarantine as the API lists it. */
    record QuarantineList(String job, List<Entry> quarantined) {
    }

    /** One entry; {@code active} is false once it expired (it is then no longer applied). */
    record Entry(String testId, String owner, String reason, String expires, String addedBy, String addedAt,
            boolean active) {
    }

    static ApiResponse answer(StaplerRequest2 req) throws IOException {
        String action = req.getRestOfPath().replaceAll("^/+|/+$", "");
        boolean post = "POST".equals(req.getMethod());
        try {
            Optional<ApiResponse> refusal = JsonResponses.refuseReading();
            if (refusal.isPresent()) {
                return refusal.get();
            }
            switch (action) {
                case "" -> {
                    requireMethod(!post, "GET", "api/v1/quarantine");
                    Job<?, ?> job = job(req);
                    return list(job, Quarantines.of(job));
                }
                case "add" -> {
                    requireMethod(post, "POST", "api/v1/quarantine/add");
                    Job<?, ?> job = configurable(req);
                    JsonNode body = body(req);
                    Instant now = Instant.now();
                    Instant expires = expires(body, now);
                    String user = currentUser();
                    return list(job, Quarantines.change(job, q -> q.add(text(body, "testId"), text(body, "owner"),
                            text(body, "reason"), expires, user, now)));
                }
                case "remove" -> {
                    requireMethod(post, "POST", "api/v1/quarantine/remove");
                    Job<?, ?> job = configurable(req);
                    JsonNode body = body(req);
                    return list(job, Quarantines.change(job, q -> q.remove(text(body, "testId"))));
                }
                default -> throw new RejectedException(ErrorCode.NOT_FOUND, "No such path below api/v1/quarantine/");
            }
        } catch (RejectedException e) {
            return ApiResponse.error(e);
        }
    }

    private static void requireMethod(boolean right, String method, String path) throws RejectedException {
        if (!right) {
            throw new RejectedException(ErrorCode.INVALID_REQUEST, path + " takes " + method);
        }
    }

    private static Job<?, ?> job(StaplerRequest2 req) throws RejectedException {
        String name = req.getParameter("job");
        if (name == null || name.isBlank()) {
            throw new RejectedException(ErrorCode.INVALID_REQUEST,
                    "job: missing (the job's full name, as a query parameter)");
        }
        Job<?, ?> job = Jenkins.get().getItemByFullName(name, Job.class);
        if (job == null) {
            throw new RejectedException(ErrorCode.NOT_FOUND, "No job '" + name + "' that you may read");
        }
        return job;
    }

    private static Job<?, ?> configurable(StaplerRequest2 req) throws RejectedException {
        Job<?, ?> job = job(req);
        if (!job.hasPermission(Item.CONFIGURE)) {
            if (ACL.isAnonymous2(Jenkins.getAuthentication2())) {
                throw new RejectedException(ErrorCode.UNAUTHENTICATED,
                        "Authenticate as a Jenkins user with an API token (HTTP basic auth)");
            }
            throw new RejectedException(ErrorCode.FORBIDDEN, "User '" + Jenkins.getAuthentication2().getName()
                    + "' lacks the Job/Configure permission on " + job.getFullName());
        }
        return job;
    }

    private static JsonNode body(StaplerRequest2 req) throws RejectedException, IOException {
        BoundedBody.requireJson(req.getContentType());
        byte[] bytes = BoundedBody.read(req.getInputStream(), req.getContentLengthLong(), MAX_BODY);
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new RejectedException(ErrorCode.MALFORMED_JSON, "The body is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new RejectedException(ErrorCode.MALFORMED_JSON, "The body must be a JSON object");
        }
        return node;
    }

    private static String text(JsonNode body, String field) throws RejectedException {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null; // the core says it is missing
        }
        if (!value.isTextual()) {
            throw new RejectedException(ErrorCode.INVALID_FIELD, field + ": a string");
        }
        return value.textValue();
    }

    /** {@code expires} (ISO-8601) or {@code days} from now; 14 days when neither is given. */
    private static Instant expires(JsonNode body, Instant now) throws RejectedException {
        JsonNode expires = body.get("expires");
        if (expires != null && !expires.isNull()) {
            try {
                return Instant.parse(expires.asText());
            } catch (DateTimeParseException e) {
                throw new RejectedException(ErrorCode.INVALID_FIELD,
                        "expires: an ISO-8601 instant, like 2026-12-31T00:00:00Z");
            }
        }
        JsonNode days = body.get("days");
        return Quarantine.expiryInDays(days == null || days.isNull() ? null : days.asText(), now);
    }

    private static ApiResponse list(Job<?, ?> job, Quarantine quarantine) {
        Instant now = Instant.now();
        List<Entry> entries = quarantine.entries().stream().map(e -> entry(e, now)).toList();
        return ApiResponse.of(200, new QuarantineList(job.getFullName(), entries));
    }

    private static Entry entry(QuarantineEntry e, Instant now) {
        return new Entry(e.testId(), e.owner(), e.reason(), e.expires().toString(), e.addedBy(),
                e.addedAt().toString(), e.isActive(now));
    }

    private static String currentUser() {
        User user = User.current();
        return user == null ? "anonymous" : user.getId();
    }
}
