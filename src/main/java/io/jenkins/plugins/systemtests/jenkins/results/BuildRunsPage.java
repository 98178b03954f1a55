package io.jenkins.plugins.systemtests.jenkins.results;

import com.fasterxml.jackson.databind.node.ObjectNode;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Action;
import hudson.model.Run;
import io.jenkins.plugins.systemtests.core.json.Json;
import io.jenkins.plugins.systemtests.core.protocol.ErrorCode;
import io.jenkins.plugins.systemtests.jenkins.Messages;
import io.jenkins.plugins.systemtests.jenkins.PluginUrls;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import io.jenkins.plugins.systemtests.jenkins.environment.EnvironmentWaitNotice;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import jenkins.model.TransientActionFactory;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.verb.GET;

/**
 * "System Tests" on a build that received runs or waited for a test environment, at {@code <build>/system-tests/}:
 * its runs in brief on the build page ({@code summary.jelly}), each run live on this page ({@code run.jelly}, filled by
 * {@code run-progress.js}), and the wait notice while the build waits. Made for each request from the build's records
 * ({@link BuildRuns}, {@link EnvironmentWaitNotice}); a test's URL below it is routed by {@link TestUrlRouter}.
 */
public final class BuildRunsPage implements Action {
    private final Run<?, ?> build;

    BuildRunsPage(Run<?, ?> build) {
        this.build = build;
    }

    public Run<?, ?> getRun() {
        return build;
    }

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

    /** The build's runs, oldest first. */
    public List<Long> getRunIds() {
        BuildRuns record = build.getAction(BuildRuns.class);
        return record == null ? List.of() : record.getRunIds();
    }

    /**
     * The build's runs, newest first, in brief: what the build page's summary and this page's headings show. The tree
     * of tests is loaded by the page's script when it is shown (junit's model: a small summary in the build, details
     * when a page asks).
     */
    @Restricted(NoExternalUse.class)
    public List<RunBrief> getRuns() throws IOException {
        List<Long> ids = getRunIds();
        List<RunBrief> briefs = new ArrayList<>();
        for (int i = ids.size() - 1; i >= 0; i--) {
            SystemTestsService.get().reader().summary(ids.get(i)).map(summary -> new RunBrief(summary, build))
                    .ifPresent(briefs::add);
        }
        return briefs;
    }

    /**
     * {@code <build>/system-tests/runIds}: the build's run ids and whether it still builds, for its open page to notice a
     * run that a later step of the same build started (the page then loads again to show it).
     */
    @GET
    @Restricted(NoExternalUse.class)
    public void doRunIds(StaplerResponse2 rsp) throws IOException {
        ObjectNode answer = Json.MAPPER.createObjectNode().put("building", build.isBuilding());
        getRunIds().forEach(answer.putArray("runIds")::add);
        rsp.setContentType("application/json;charset=UTF-8");
        rsp.setHeader("Cache-Control", "no-store");
        rsp.getWriter().write(Json.MAPPER.writeValueAsString(answer));
    }

    /**
     * {@code <build>/system-tests/lanes?run=<id>}: a run that several environments share, as its page draws it — the
     * timeline, each test's environment and each retried test's attempts' — and whether the build still runs, so that
     * the open page follows the lanes live ({@code data-lanes-url}, run-progress.js).
     */
    @GET
    @Restricted(NoExternalUse.class)
    public void doLanes(@QueryParameter("run") long runId, StaplerResponse2 rsp) throws IOException {
        rsp.setContentType("application/json;charset=UTF-8");
        rsp.setHeader("Cache-Control", "no-store");
        String timeline = getRunIds().contains(runId) ? SharedQueueLanes.timelineJson(build, runId) : null;
        if (timeline == null) {
            rsp.setStatus(404);
            rsp.getWriter().write(Json.MAPPER.writeValueAsString(Json.MAPPER.createObjectNode()
                    .put("errorCode", ErrorCode.NOT_FOUND.name())
                    .put("message", "Run " + runId + " of " + build.getFullDisplayName() + " was not shared by several "
                            + "environments")));
            return;
        }
        ObjectNode answer = Json.MAPPER.createObjectNode().put("building", build.isBuilding());
        answer.set("timeline", Json.MAPPER.readTree(timeline));
        String placements = SharedQueueLanes.placementsJson(build, runId);
        answer.set("placements", placements == null ? null : Json.MAPPER.readTree(placements));
        String attempts = SharedQueueLanes.attemptPlacementsJson(build, runId);
        answer.set("attemptPlacements", attempts == null ? null : Json.MAPPER.readTree(attempts));
        rsp.getWriter().write(Json.MAPPER.writeValueAsString(answer));
    }

    /** While the build runs a run that several environments share: where its page follows the lanes; else null. */
    @Restricted(NoExternalUse.class)
    public String lanesUrlOf(long runId) throws IOException {
        if (!build.isBuilding() || !SharedQueueLanes.isShared(build, runId)) {
            return null;
        }
        return org.kohsuke.stapler.Stapler.getCurrentRequest2().getContextPath() + "/" + build.getUrl()
                + PluginUrls.URL_NAME + "/lanes?run=" + runId;
    }

    /** The run ids as the page renders them, for the script that compares them with {@link #doRunIds}. */
    @Restricted(NoExternalUse.class)
    public String getRunIdsText() {
        return getRunIds().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
    }

    /** What the page says while the build waits for its test environment; null when it does not wait. */
    @Restricted(NoExternalUse.class)
    public String getWaitingNotice() {
        EnvironmentWaitNotice notice = build.getAction(EnvironmentWaitNotice.class);
        return notice == null ? null : notice.getText();
    }

    /** What the page says while the build's agent is out of reach; null when it is not. */
    @Restricted(NoExternalUse.class)
    public String getAgentOfflineNotice() {
        return AgentOfflineNotice.textOf(build);
    }

    /** {@code <build>/system-tests/changes/}: the build's new and known failures against another build. */
    @Restricted(NoExternalUse.class)
    public BuildChanges getChanges() {
        return new BuildChanges(build);
    }

    /** A run that several environments shared: its timeline as JSON for the page's chart; null for other runs. */
    @Restricted(NoExternalUse.class)
    public String timelineOf(long runId) throws IOException {
        return SharedQueueLanes.timelineJson(build, runId);
    }

    /** A run that several environments shared: each test's environment as JSON, by index; null for other runs. */
    @Restricted(NoExternalUse.class)
    public String placementsOf(long runId) {
        return SharedQueueLanes.placementsJson(build, runId);
    }

    /**
     * A run that several environments shared: for each test retried on another environment, each attempt's
     * environment, oldest first, as JSON by index; null for other runs.
     */
    @Restricted(NoExternalUse.class)
    public String attemptPlacementsOf(long runId) {
        return SharedQueueLanes.attemptPlacementsJson(build, runId);
    }

    /** {@code <build>/system-tests/<run>/<index>/}: one test of one of the build's runs. */
    @Restricted(NoExternalUse.class)
    public TestUrlRouter.RunTests getDynamic(String token) throws IOException {
        return TestUrlRouter.route(build, getRunIds(), token);
    }

    /** Offers the page on builds that have runs or waited for an environment; asking looks at the build's records. */
    @Extension
    public static final class Factory extends TransientActionFactory<Run> {
        @Override
        public Class<Run> type() {
            return Run.class;
        }

        /** Only this page: looking up another kind of action on a build never makes one. */
        @Override
        public Class<? extends Action> actionType() {
            return BuildRunsPage.class;
        }

        @NonNull
        @Override
        public Collection<? extends Action> createFor(@NonNull Run target) {
            boolean shown = target.getAction(BuildRuns.class) != null
                    || target.getAction(EnvironmentWaitNotice.class) != null
                    || target.getAction(AgentOfflineNotice.class) != null;
            return shown ? List.of(new BuildRunsPage(target)) : List.of();
        }
    }
}
