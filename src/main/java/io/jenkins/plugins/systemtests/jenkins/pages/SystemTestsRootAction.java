package io.jenkins.plugins.systemtests.jenkins.pages;

import hudson.Extension;
import hudson.model.RootAction;
import hudson.model.Run;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.jenkins.Messages;
import io.jenkins.plugins.systemtests.jenkins.PluginUrls;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsConfiguration;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import io.jenkins.plugins.systemtests.jenkins.api.ApiVersions;
import io.jenkins.plugins.systemtests.jenkins.api.LegacyApi;
import io.jenkins.plugins.systemtests.jenkins.results.BuildTestPage;
import io.jenkins.plugins.systemtests.jenkins.results.ReportedBuilds;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.Optional;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.verb.GET;

/** The plugin's home at {@code /system-tests/}: the dashboards and the machines' REST API hang below it. */
@Extension
public class SystemTestsRootAction implements RootAction {
    /** The test machines page's URL segment, hyphenated as the pages link to it. */
    static final String TEST_MACHINES = "test-machines";

    @Override
    public String getIconFileName() {
        return PluginUrls.ICON;
    }

    @Override
    public String getDisplayName() {
        return Messages.pluginDisplayName();
    }

    @Override
    public String getUrlName() {
        return PluginUrls.URL_NAME;
    }

    /** The class whose views a test page is made of (a class name in st:include cannot be resolved in a real Jenkins). */
    @Restricted(NoExternalUse.class)
    public Class<?> getTestPageClass() {
        return BuildTestPage.class;
    }

    /** After how many minutes of silence Jenkins ends a machine's run (the dashboard says so). */
    public int getSilenceTimeoutMinutes() {
        return SystemTestsConfiguration.get().getSilenceTimeoutMinutes();
    }

    /** {@code /system-tests/api/}: only {@code v1} below it. */
    public ApiVersions getApi() {
        return new ApiVersions();
    }

    /** {@code /system-tests/library/}: the uploaded tests. */
    public LibraryPage getLibrary() {
        return new LibraryPage();
    }

    /**
     * {@code /system-tests/test-machines/}: agents with the test machine label and every reporting machine. Stapler
     * maps a getter only to its camel-case name, so the hyphenated segment is routed here.
     */
    public Object getDynamic(String token) {
        return TEST_MACHINES.equals(token) ? new TestMachinesPage() : null;
    }

    /**
     * {@code /system-tests/test?run=<id>&n=<index>}: a test of a build's run is shown inside its build (breadcrumbs,
     * previous and next test, its console line), so such a link is sent there; a machine's own run is shown here.
     */
    @GET
    public void doTest(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException, ServletException {
        String run = req.getParameter("run");
        String index = req.getParameter("n");
        Optional<Run<?, ?>> build = run != null && run.matches("\\d{1,18}")
                ? SystemTestsService.get().reader().summary(Long.parseLong(run)).map(RunSummary::buildUrl)
                        .flatMap(ReportedBuilds::find)
                : Optional.empty();
        if (build.isPresent() && index != null && index.matches("\\d{1,9}")) {
            rsp.sendRedirect2(req.getContextPath() + "/" + build.get().getUrl() + PluginUrls.URL_NAME + "/" + run + "/"
                    + index + "/");
            return;
        }
        req.getView(this, "standalone-test.jelly").forward(req, rsp);
    }

    /** {@code /system-tests/tm_api/}: the original system's report paths. */
    public LegacyApi getTm_api() {
        return new LegacyApi();
    }
}
