package io.jenkins.plugins.systemtests.jenkins.results;

import hudson.model.Run;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.model.TestId;
import io.jenkins.plugins.systemtests.jenkins.PluginUrls;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.Stapler;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * The URLs of a build's tests, {@code <build>/system-tests/<run>/<index>/}: a run of this build leads to its test's
 * page ({@link BuildTestPage}). A run of another build (Jenkins' "Previous Build" and "Next Build" keep the rest of the
 * URL) is sent on to the test with that index in this build's run of the same position, or to this build's System
 * Tests page when there is none; a run that does not exist is not found.
 */
@Restricted(NoExternalUse.class)
public final class TestUrlRouter {
    private TestUrlRouter() {
    }

    /** The run named by the first segment after {@code system-tests/}; null when it names none. */
    static RunTests route(Run<?, ?> build, List<Long> runIds, String token) throws IOException {
        if (!token.matches("\\d{1,18}")) {
            return null;
        }
        long id = Long.parseLong(token);
        int ordinal = runIds.indexOf(id) + 1;
        if (ordinal > 0) {
            return new RunTests(build, id, ordinal, false);
        }
        Optional<RunSummary> other = SystemTestsService.get().reader().summary(id);
        if (other.isEmpty()) {
            return null;
        }
        int elsewhere = other.map(RunSummary::buildUrl).flatMap(ReportedBuilds::find)
                .map(otherBuild -> otherBuild.getAction(BuildRuns.class))
                .map(record -> record.getRunIds().indexOf(id) + 1).orElse(0);
        return elsewhere > 0 && elsewhere <= runIds.size()
                ? new RunTests(build, runIds.get(elsewhere - 1), elsewhere, true)
                : new RunTests(build, -1, 0, true);
    }

    /** The tests of one run of a build, by index; not a page of its own (no breadcrumb). */
    @Restricted(NoExternalUse.class)
    public static final class RunTests {
        private final Run<?, ?> build;
        private final long runId;
        private final int ordinal;
        /** Reached through another build's URL: the answer is a redirect into this build. */
        private final boolean moved;

        RunTests(Run<?, ?> build, long runId, int ordinal, boolean moved) {
            this.build = build;
            this.runId = runId;
            this.ordinal = ordinal;
            this.moved = moved;
        }

        public Object getDynamic(String token) throws IOException {
            if (!token.matches("\\d{1,9}")) {
                return null;
            }
            int index = Integer.parseInt(token);
            Optional<BuildTestPage> page = runId < 0 ? Optional.empty() : SystemTestsService.get().reader().read(runId,
                    run -> index < run.testCount()
                            ? new BuildTestPage(build, runId, ordinal, index, run.testCount(), run.test(index),
                                    TestId.runFolder(run.plan()))
                            : null);
            if (!moved) {
                return page.orElse(null);
            }
            String here = Stapler.getCurrentRequest2().getContextPath() + "/" + build.getUrl() + PluginUrls.URL_NAME
                    + "/";
            return new Moved(page.isPresent() ? here + runId + "/" + index + "/" : here);
        }
    }

    /** A test reached through another build's URL: sent on to the same test in this build. */
    @Restricted(NoExternalUse.class)
    public static final class Moved {
        private final String target;

        Moved(String target) {
            this.target = target;
        }

        public void doIndex(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
            rsp.sendRedirect2(target);
        }
    }
}
