package io.jenkins.plugins.systemtests.jenkins.api;

import io.jenkins.plugins.systemtests.core.protocol.MessageKind;
import java.io.IOException;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.WebMethod;
import org.kohsuke.stapler.interceptor.RequirePOST;

/** {@code /system-tests/tm_api/}: the original system's paths, for machines already scripted against them. */
public class LegacyApi {
    @RequirePOST
    @WebMethod(name = "dry_run")
    public void doDryRun(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        ReportEndpoints.receive(MessageKind.DRY_RUN, req, rsp);
    }

    @RequirePOST
    @WebMethod(name = "test_start")
    public void doTestStart(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        ReportEndpoints.receive(MessageKind.TEST_START, req, rsp);
    }

    @RequirePOST
    @WebMethod(name = "test_stop")
    public void doTestStop(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        ReportEndpoints.receive(MessageKind.TEST_STOP, req, rsp);
    }
}
