package io.jenkins.plugins.systemtests.jenkins.api;

import io.jenkins.plugins.systemtests.core.api.ApiResponse;
import io.jenkins.plugins.systemtests.core.api.ReadApi;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.verb.GET;

/**
 * A path below {@code api/v1/machines} or {@code api/v1/runs}, one segment per Stapler token (decoded by Stapler);
 * the core's {@code ReadApi} decides what the path means.
 */
public final class ReadPath {
    private static final int MAX_DEPTH = 6;

    private final List<String> segments;

    private ReadPath(List<String> segments) {
        this.segments = segments;
    }

    static ReadPath root(String name) {
        return new ReadPath(List.of(name));
    }

    public ReadPath getDynamic(String token) {
        if (segments.size() >= MAX_DEPTH) {
            return null;
        }
        List<String> longer = new ArrayList<>(segments);
        longer.add(token);
        return new ReadPath(List.copyOf(longer));
    }

    @GET
    public void doIndex(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        Optional<ApiResponse> refusal = JsonResponses.refuseReading();
        if (refusal.isPresent()) {
            JsonResponses.write(rsp, refusal.get());
            return;
        }
        Map<String, String> query = new HashMap<>();
        for (String name : List.of("page", "size", "since", "sort", "outcome", "user", "environment", "machine", "q",
                "job", "file_path", "file_name")) {
            String value = req.getParameter(name);
            if (value != null) {
                query.put(name, value);
            }
        }
        String ifNoneMatch = req.getHeader(ReadApi.IF_NONE_MATCH);
        if (ifNoneMatch != null) {
            query.put(ReadApi.IF_NONE_MATCH, ifNoneMatch);
        }
        JsonResponses.write(rsp, SystemTestsService.get().readApi().get(segments, query, RunVisibility.forCurrentUser()));
    }
}
