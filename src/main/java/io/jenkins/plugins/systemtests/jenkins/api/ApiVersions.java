package io.jenkins.plugins.systemtests.jenkins.api;

import io.jenkins.plugins.systemtests.core.api.ApiResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.verb.GET;

/** {@code /system-tests/api/}: lists the API versions; {@code v1} is below it. */
public class ApiVersions {
    public ApiV1 getV1() {
        return new ApiV1();
    }

    /** Also makes this type routable for Jenkins' Stapler type filter, which wants a web method on it. */
    @GET
    public void doIndex(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        JsonResponses.write(rsp, ApiResponse.of(200, Map.of("versions", List.of("v1"))));
    }
}
