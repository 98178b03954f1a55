package io.jenkins.plugins.systemtests.jenkins.pages;

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
import java.io.IOException;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.interceptor.RequirePOST;

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
