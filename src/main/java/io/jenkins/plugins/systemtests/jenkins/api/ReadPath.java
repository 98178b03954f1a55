package io.jenkins.plugins.systemtests.jenkins.api;

import io.jenkins.plugins.systemtests.core.api.ApiResponse;
import io.jenkins.plugins.systemtests.core.api.BuildResults;
import io.jenkins.plugins.systemtests.core.api.ReadApi;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.protocol.ErrorCode;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import io.jenkins.plugins.systemtests.jenkins.results.AgentOfflineNotice;
import io.jenkins.plugins.systemtests.jenkins.results.ReportedBuilds;
import io.jenkins.plugins.systemtests.jenkins.results.RunVisibility;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * A read path below {@code api/v1/}: {@code runs}, {@code machines} or {@code history} and what follows, served
 * as written, with or without a trailing slash (a Stapler object with an index page would redirect a path without
 * one, which a script or curl does not follow by default). The core's {@code ReadApi} decides what the path means.
 */
final class ReadPath {
    private static final int MAX_DEPTH = 6;

    private final List<String> segments;

    private ReadPath(List<String> segments) {
        this.segments = segments;
    }

    /** The path of a request routed to the web method {@code root}: the rest of its URL, one segment per level. */
    static ReadPath of(String root, StaplerRequest2 req) {
        List<String> segments = new ArrayList<>(List.of(root));
        for (String raw : req.getRestOfPath().split("/")) {
            if (!raw.isEmpty()) {
                segments.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return new ReadPath(List.copyOf(segments));
    }

    /** Each build's result, looked up once per request (a list names a build once per run). */
    private static BuildResults buildResults() {
        Map<String, Optional<String>> known = new HashMap<>();
        return buildUrl -> known.computeIfAbsent(buildUrl, ReportedBuilds::result);
    }

    void serve(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        if (segments.size() > MAX_DEPTH) {
            JsonResponses.write(rsp, ApiResponse.error(ErrorCode.NOT_FOUND, "No such path below api/v1/"));
            return;
        }
        Optional<ApiResponse> refusal = JsonResponses.refuseReading();
        if (refusal.isPresent()) {
            JsonResponses.write(rsp, refusal.get());
            return;
        }
        Map<String, String> query = new HashMap<>();
        for (String name : List.of("page", "size", "since", "sort", "outcome", "user", "environment", "machine", "q",
                "job", "run", "file_path", "file_name", "attempt")) {
            String value = req.getParameter(name);
            if (value != null) {
                query.put(name, value);
            }
        }
        String ifNoneMatch = req.getHeader(ReadApi.IF_NONE_MATCH);
        if (ifNoneMatch != null) {
            query.put(ReadApi.IF_NONE_MATCH, ifNoneMatch);
        }
        ApiResponse answer = SystemTestsService.get().readApi().get(segments, query, RunVisibility.forCurrentUser(),
                buildResults());
        JsonResponses.write(rsp, isRunDelta() ? withAgentOfflineNotice(answer) : answer);
    }

    private boolean isRunDelta() {
        return segments.size() == 3 && segments.get(0).equals("runs") && segments.get(2).equals("delta");
    }

    /**
     * A build's run followed live also says, in a header, whether the build's agent is out of reach: while it is, the
     * run's delta is mostly empty (204), and the page shows and hides the notice from what each poll says.
     */
    private ApiResponse withAgentOfflineNotice(ApiResponse answer) {
        if (answer.status() != 200 && answer.status() != 204) {
            return answer; // refused or unknown (visibility was checked there), or a finished run's 304
        }
        Optional<String> text;
        try {
            text = SystemTestsService.get().reader().summary(Long.parseLong(segments.get(1)))
                    .map(RunSummary::buildUrl).flatMap(ReportedBuilds::find).map(AgentOfflineNotice::textOf);
        } catch (IOException e) {
            return answer; // the delta was read; the notice can wait for the next poll
        }
        return text.map(notice -> answer.withHeader(AgentOfflineNotice.HEADER,
                URLEncoder.encode(notice, StandardCharsets.UTF_8).replace("+", "%20"))).orElse(answer);
    }
}
