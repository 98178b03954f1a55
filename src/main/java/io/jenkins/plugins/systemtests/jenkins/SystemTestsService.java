package io.jenkins.plugins.systemtests.jenkins;

import hudson.ExtensionList;
import hudson.init.Terminator;
import io.jenkins.plugins.systemtests.core.api.JobHistory;
import io.jenkins.plugins.systemtests.core.api.ReadApi;
import io.jenkins.plugins.systemtests.core.ingest.IngestionService;
import io.jenkins.plugins.systemtests.core.ingest.RunReader;
import io.jenkins.plugins.systemtests.core.library.TestLibrary;
import io.jenkins.plugins.systemtests.core.store.RunLocator;
import io.jenkins.plugins.systemtests.core.store.RunStore;
import io.jenkins.plugins.systemtests.core.flaky.JobFlakiness;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.store.RunResults;
import java.io.File;
import java.util.List;
import java.io.IOException;
import java.time.Clock;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;

/**
 * The core services as this Jenkins runs them: one store under {@code $JENKINS_HOME/system-tests}, opened (and
 * recovered) on first use and closed when Jenkins stops. A new Jenkins in the same JVM (a restart in place, or the
 * next test of a suite) gets a store of its own home, never the previous one's.
 */
public final class SystemTestsService {
    private static final Logger LOGGER = Logger.getLogger(SystemTestsService.class.getName());
    private static volatile SystemTestsService instance;

    private final Jenkins owner;
    private final RunStore store;
    private final IngestionService ingestion;
    private final ReadApi readApi;
    private final TestLibrary library;
    private final JobHistory jobHistory;
    private final JobFlakiness flakiness;

    private SystemTestsService(Jenkins owner, File root) throws IOException {
        this.owner = owner;
        store = RunStore.open(root.toPath(), buildLocator());
        ingestion = new IngestionService(store, Clock.systemUTC(), () -> SystemTestsConfiguration.get().toSettings(),
                SystemTestsService::runUrlOf);
        jobHistory = new JobHistory(store);
        readApi = new ReadApi(ingestion.reader(), jobHistory);
        flakiness = new JobFlakiness(store);
        library = new TestLibrary(root.toPath().resolve("library"));
    }

    /**
     * Where a run reported with a build's URL is filed: in that build's directory, by the build locator of
     * {@code jenkins.results}, found as an extension so that this package names none of the packages built on it.
     */
    private static RunLocator buildLocator() {
        return ExtensionList.lookupSingleton(RunLocator.class);
    }

    public static SystemTestsService get() throws IOException {
        Jenkins jenkins = Jenkins.get();
        SystemTestsService service = instance;
        if (service == null || service.owner != jenkins) {
            synchronized (SystemTestsService.class) {
                service = instance;
                if (service == null || service.owner != jenkins) {
                    closeQuietly(service);
                    service = new SystemTestsService(jenkins, new File(jenkins.getRootDir(), "system-tests"));
                    instance = service;
                }
            }
        }
        return service;
    }

    /** Flushes and closes the store when Jenkins stops, so that the next start finds nothing to recover. */
    @Terminator
    public static void close() {
        synchronized (SystemTestsService.class) {
            closeQuietly(instance);
            instance = null;
        }
    }

    private static void closeQuietly(SystemTestsService service) {
        if (service == null) {
            return;
        }
        try {
            service.store.close();
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "The System Tests store could not be closed cleanly; it recovers at next start", e);
        }
    }

    public IngestionService ingestion() {
        return ingestion;
    }

    /** The read side of the runs, for pages and steps. */
    public RunReader reader() {
        return ingestion.reader();
    }

    public ReadApi readApi() {
        return readApi;
    }

    /** The uploaded tests, under {@code $JENKINS_HOME/system-tests/library}. */
    public TestLibrary library() {
        return library;
    }

    /** The finished runs' small results: comparisons of builds, past durations (a shared queue's longest-first order). */
    public RunResults.Source results() {
        return store;
    }

    /** A job's runs (those filed with its builds), newest first. */
    public List<RunSummary> jobRuns(String jobFullName) {
        return jobHistory.runsOf(reader().summaries(), jobFullName);
    }

    /** The flakiness scores of a job's tests. */
    public JobFlakiness flakiness() {
        return flakiness;
    }

    private static String runUrlOf(long runId) {
        String root = Jenkins.get().getRootUrl();
        return (root == null ? "/" : root) + PluginUrls.URL_NAME + "/api/v1/runs/" + runId;
    }
}
