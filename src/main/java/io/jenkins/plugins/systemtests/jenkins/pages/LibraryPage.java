package io.jenkins.plugins.systemtests.jenkins.pages;

import hudson.model.Item;
import hudson.model.Job;
import hudson.model.ModelObject;
import io.jenkins.plugins.systemtests.core.api.ApiResponse;
import io.jenkins.plugins.systemtests.core.ingest.BoundedBody;
import io.jenkins.plugins.systemtests.core.library.LibraryApi;
import io.jenkins.plugins.systemtests.core.library.TestLibrary;
import io.jenkins.plugins.systemtests.core.protocol.ErrorCode;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import io.jenkins.plugins.systemtests.jenkins.Messages;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsPermissions;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import io.jenkins.plugins.systemtests.jenkins.api.JsonResponses;
import io.jenkins.plugins.systemtests.jenkins.parameters.TestsParameterDefinition;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.interceptor.RequirePOST;
import org.kohsuke.stapler.verb.GET;

/**
 * {@code /system-tests/library/}: the uploaded tests, listed for everyone who may read, uploaded and deleted by
 * users with SystemTests/Upload (JSON POSTs from the page's script, which sends the crumb).
 */
public class LibraryPage implements ModelObject {
    /** The page's name: the breadcrumb after System Tests. */
    @Override
    public String getDisplayName() {
        return Messages.libraryDisplayName();
    }

    @Restricted(NoExternalUse.class)
    public Map<String, List<TestLibrary.Entry>> getEntries() throws IOException {
        return SystemTestsService.get().library().list();
    }

    @Restricted(NoExternalUse.class)
    public boolean isUploadAllowed() {
        return Jenkins.get().hasPermission(SystemTestsPermissions.UPLOAD);
    }

    /** The jobs that Run offers: those with a System tests parameter that the user may build, by name. */
    @Restricted(NoExternalUse.class)
    public List<Job<?, ?>> getRunnableJobs() {
        List<Job<?, ?>> jobs = new ArrayList<>();
        for (Job<?, ?> job : Jenkins.get().allItems(Job.class)) {
            if (job.isBuildable() && job.hasPermission(Item.BUILD) && TestsParameterDefinition.in(job) != null) {
                jobs.add(job);
            }
        }
        jobs.sort(Comparator.comparing(Job::getFullDisplayName, String.CASE_INSENSITIVE_ORDER));
        return jobs;
    }

    /**
     * Run: the chosen library tests on the chosen job's Build with Parameters form, checked there (the parameter's
     * tree reads them from the address); nothing starts before the user presses Build.
     */
    @GET
    public HttpResponse doRun(@QueryParameter String job, StaplerRequest2 req) {
        Job<?, ?> target = job == null ? null : Jenkins.get().getItemByFullName(job, Job.class);
        TestsParameterDefinition parameter = target == null || !target.hasPermission(Item.BUILD) ? null
                : TestsParameterDefinition.in(target);
        if (parameter == null) {
            return HttpResponses.errorWithoutStack(404, Messages.libraryRunNoJob(job));
        }
        StringBuilder form = new StringBuilder(target.getUrl()).append("build?delay=0sec");
        String[] tests = req.getParameterValues("tests");
        for (String test : tests == null ? new String[0] : tests) {
            form.append('&').append(URLEncoder.encode(parameter.getName(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(test, StandardCharsets.UTF_8));
        }
        return HttpResponses.redirectViaContextPath(form.toString());
    }

    @RequirePOST
    public void doUpload(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        JsonResponses.write(rsp, answer(req, true));
    }

    @RequirePOST
    public void doDelete(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        JsonResponses.write(rsp, answer(req, false));
    }

    private ApiResponse answer(StaplerRequest2 req, boolean upload) throws IOException {
        if (!isUploadAllowed()) {
            return ApiResponse.error(ErrorCode.FORBIDDEN, "Changing the test library needs the SystemTests/Upload "
                    + "permission");
        }
        try {
            BoundedBody.requireJson(req.getContentType());
            byte[] body = BoundedBody.read(req.getInputStream(), req.getContentLengthLong(), LibraryApi.MAX_REQUEST_BYTES);
            LibraryApi api = new LibraryApi(SystemTestsService.get().library());
            return upload ? api.upload(body) : api.delete(body);
        } catch (RejectedException e) {
            return ApiResponse.error(e);
        }
    }
}
