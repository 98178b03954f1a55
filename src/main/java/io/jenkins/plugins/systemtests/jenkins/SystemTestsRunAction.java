package io.jenkins.plugins.systemtests.jenkins;

import hudson.model.Run;
import io.jenkins.plugins.systemtests.core.api.RunViews;
import io.jenkins.plugins.systemtests.core.env.EnvironmentWait;
import io.jenkins.plugins.systemtests.core.env.TestEnvironment;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.jenkins.environment.EnvironmentResources;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.RunAction2;
import jenkins.util.Timer;
import org.kohsuke.stapler.Stapler;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * "System Tests" on a build that received machine runs, at {@code <build>/system-tests/}. Only the run ids are kept
 * in {@code build.xml}; the runs themselves live in the store, in this build's directory.
 */
public class SystemTestsRunAction implements RunAction2 {
    private static final Logger LOGGER = Logger.getLogger(SystemTestsRunAction.class.getName());

    private List<Long> runIds = new ArrayList<>();
    /** While the build waits for a test environment: which, since when, for how long at most (0: no limit). */
    private String waitingFor;
    private long waitingSince;
    private int waitingLimitMinutes;
    private transient Run<?, ?> build;

    SystemTestsRunAction() {
    }

    /** Shows a run on a build, adding the action on the build's first run. */
    static void attach(Run<?, ?> build, long runId) {
        synchronized (SystemTestsRunAction.class) {
            SystemTestsRunAction action = build.getAction(SystemTestsRunAction.class);
            if (action == null) {
                action = new SystemTestsRunAction();
                action.add(runId);
                build.addAction(action);
            } else {
                action.add(runId);
            }
        }
        try {
            build.save();
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Run " + runId + " could not be recorded on " + build.getExternalizableId(), e);
        }
    }

    /** Shows on the build's page that it waits for a test environment; the page adds who holds it, live. */
    public static void waiting(Run<?, ?> build, String environment, long sinceMillis, int limitMinutes) {
        synchronized (SystemTestsRunAction.class) {
            SystemTestsRunAction action = build.getAction(SystemTestsRunAction.class);
            if (action == null) {
                action = new SystemTestsRunAction();
                build.addAction(action);
            }
            action.setWaiting(environment, sinceMillis, limitMinutes);
        }
        saveLater(build);
    }

    /** The wait is over (the build got the environment, gave up or ended); never blocks the caller. */
    public static void waitingOver(Run<?, ?> build) {
        SystemTestsRunAction action = build.getAction(SystemTestsRunAction.class);
        if (action != null && action.getWaitingFor() != null) {
            action.setWaiting(null, 0, 0);
            saveLater(build);
        }
    }

    /** Pipeline steps call this from the CPS thread, which must not wait for the disk. */
    private static void saveLater(Run<?, ?> build) {
        Timer.get().submit(() -> {
            try {
                build.save();
            } catch (IOException e) {
                LOGGER.log(Level.WARNING, "Could not save " + build.getExternalizableId(), e);
            }
        });
    }

    private synchronized void setWaiting(String environment, long sinceMillis, int limitMinutes) {
        waitingFor = environment;
        waitingSince = sinceMillis;
        waitingLimitMinutes = limitMinutes;
    }

    public synchronized String getWaitingFor() {
        return waitingFor;
    }

    /**
     * What the page says while the build waits: the environment, since when, who holds it now and since when, and
     * when the wait gives up; null when it does not wait (a build that died waiting does not wait any more).
     */
    @Restricted(NoExternalUse.class)
    public String getWaitingNotice() {
        EnvironmentWait wait;
        synchronized (this) {
            if (waitingFor == null || build == null || !build.isBuilding()) {
                return null;
            }
            wait = EnvironmentWait.start(new TestEnvironment(waitingFor), Instant.ofEpochMilli(waitingSince),
                    waitingLimitMinutes);
        }
        String holder = EnvironmentResources.busyBecause(wait.environment().resourceName());
        return wait.describe(holder, Instant.now(), ZoneId.systemDefault());
    }

    private synchronized void add(long runId) {
        runIds.add(runId);
    }

    /** Fills in what an older or hand-edited build.xml lacks. */
    protected Object readResolve() {
        if (runIds == null) {
            runIds = new ArrayList<>();
        }
        return this;
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        build = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        build = r;
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

    /**
     * {@code <build>/system-tests/<run>/<index>/}: one test of one of this build's runs ({@link BuildTestPage}). A
     * run of another build (Jenkins' "Previous Build" and "Next Build" keep the rest of the URL) is sent on to the
     * test with that index in this build's run of the same position, or to this build's System Tests page when
     * there is none; a run that does not exist is not found.
     */
    @Restricted(NoExternalUse.class)
    public RunTests getDynamic(String token) throws IOException {
        if (!token.matches("\\d{1,18}")) {
            return null;
        }
        long id = Long.parseLong(token);
        List<Long> ids = getRunIds();
        int ordinal = ids.indexOf(id) + 1;
        if (ordinal > 0) {
            return new RunTests(id, ordinal, false);
        }
        Optional<RunSummary> other = SystemTestsService.get().reader().summary(id);
        if (other.isEmpty()) {
            return null;
        }
        int elsewhere = other.map(RunSummary::buildUrl).flatMap(ReportedBuilds::find)
                .map(otherBuild -> otherBuild.getAction(SystemTestsRunAction.class))
                .map(action -> action.getRunIds().indexOf(id) + 1).orElse(0);
        return elsewhere > 0 && elsewhere <= ids.size() ? new RunTests(ids.get(elsewhere - 1), elsewhere, true)
                : new RunTests(-1, 0, true);
    }

    /** The tests of one run of this build, by index; not a page of its own (no breadcrumb). */
    @Restricted(NoExternalUse.class)
    public final class RunTests {
        private final long runId;
        private final int ordinal;
        /** Reached through another build's URL: the answer is a redirect into this build. */
        private final boolean moved;

        RunTests(long runId, int ordinal, boolean moved) {
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
                                    run.plan().masterScenario().filePath())
                            : null);
            if (!moved) {
                return page.orElse(null);
            }
            String here = Stapler.getCurrentRequest2().getContextPath() + "/" + build.getUrl() + getUrlName() + "/";
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

    public synchronized List<Long> getRunIds() {
        return List.copyOf(runIds);
    }

    /**
     * The build's runs, newest first, in brief: what the build page's summary and the System Tests page's headings
     * show. Each is one summary looked up in the store, never the run's events; the tree of tests is loaded by the
     * page's script when it is shown (junit's model: a small summary in the build, details when a page asks).
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

    /** A failed test of a run, for the build page: its index (its page's URL), name and reason. */
    @Restricted(NoExternalUse.class)
    public record Failure(int index, String fileName, String reason) {
    }

    /** One run in brief, with getters for the views. */
    @Restricted(NoExternalUse.class)
    public static final class RunBrief {
        private final RunSummary summary;
        private final Run<?, ?> build;

        RunBrief(RunSummary summary, Run<?, ?> build) {
            this.summary = summary;
            this.build = build;
        }

        /** How the run went, worded as Jenkins shows the build: failed tests in an UNSTABLE build read "unstable". */
        public String getOutcome() {
            return build == null ? summary.outcome()
                    : RunViews.agreeing(summary.outcome(), ReportedBuilds.result(build).orElse(null));
        }

        public long getId() {
            return summary.id();
        }

        public String getMachine() {
            return summary.machineName();
        }

        public String getStatus() {
            return summary.status().wireName();
        }

        public String getEnvironment() {
            return summary.environment();
        }

        public String getStartedBy() {
            return summary.startedBy();
        }

        /** How many failed tests the build page lists per run, each linking to its page. */
        private static final int FAILURES_LISTED = 10;

        /**
         * The run's failed tests (failed or error), the first few, with their reasons: the build page lists them as
         * junit lists failed tests. Read from the run only when the build page is shown.
         */
        public List<Failure> getFailures() throws IOException {
            if (summary.counts().entrySet().stream().noneMatch(count -> count.getKey().isFailure() && count.getValue() > 0)) {
                return List.of();
            }
            return SystemTestsService.get().reader().read(summary.id(), run -> {
                List<Failure> failures = new ArrayList<>();
                for (int i = 0; i < run.testCount() && failures.size() < FAILURES_LISTED; i++) {
                    if (run.status(i).isFailure()) {
                        failures.add(new Failure(i, run.test(i).fileName(), run.reason(i)));
                    }
                }
                return failures;
            }).orElse(List.of());
        }

        /** Tests per status, in the order statuses are shown, those with none left out. */
        public Map<String, Integer> getCounts() {
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (TestStatus status : TestStatus.DISPLAY_ORDER) {
                int count = summary.counts().getOrDefault(status, 0);
                if (count > 0) {
                    counts.put(status.wireName(), count);
                }
            }
            return counts;
        }
    }
}
