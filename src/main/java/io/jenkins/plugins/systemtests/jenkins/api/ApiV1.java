package io.jenkins.plugins.systemtests.jenkins.api;

import io.jenkins.plugins.systemtests.core.protocol.MessageKind;
import java.io.IOException;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.WebMethod;
import org.kohsuke.stapler.interceptor.RequirePOST;
import org.kohsuke.stapler.verb.GET;

/**
 * {@code /system-tests/api/v1/}: the machines' three reports (POST) and the read API (GET) under
 * {@code machines/} and {@code runs/}. Documented in {@code docs/openapi.yaml}.
 */
public class ApiV1 {
    @RequirePOST
    @WebMethod(name = "dry-run")
    public void doDryRun(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        ReportEndpoints.receive(MessageKind.DRY_RUN, req, rsp);
    }

    @RequirePOST
    @WebMethod(name = "test-start")
    public void doTestStart(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        ReportEndpoints.receive(MessageKind.TEST_START, req, rsp);
    }

    @RequirePOST
    @WebMethod(name = "test-stop")
    public void doTestStop(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        ReportEndpoints.receive(MessageKind.TEST_STOP, req, rsp);
    }

    /** Many reports in one request, each answered in order: what the runner sends (docs/api.md). */
    @RequirePOST
    @WebMethod(name = "events")
    public void doEvents(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        ReportEndpoints.receiveBatch(req, rsp);
    }

    /** {@code GET api/v1/machines[/...]}: reporting machines and their runs. */
    @GET
    public void doMachines(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        ReadPath.of("machines", req).serve(req, rsp);
    }

    /** {@code GET api/v1/runs[/...]}: all runs, one run, its delta, its tests and their logs. */
    @GET
    public void doRuns(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        ReadPath.of("runs", req).serve(req, rsp);
    }

    /** {@code GET api/v1/history[/test]}: a job's runs and one test's history. */
    @GET
    public void doHistory(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        ReadPath.of("history", req).serve(req, rsp);
    }

    /**
     * {@code api/v1/quarantine}: {@code GET ?job=} lists a job's quarantined tests; {@code POST add} and
     * {@code POST remove} (Job/Configure) change them. One method for the three, as {@code runs} is one for its paths:
     * the two changes are refused unless POSTed (what {@code @RequirePOST} does), and Jenkins' crumb filter guards
     * every POST that does not come with an API token.
     */
    @WebMethod(name = "quarantine")
    public void doQuarantine(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        JsonResponses.write(rsp, QuarantineEndpoints.answer(req));
    }
}
