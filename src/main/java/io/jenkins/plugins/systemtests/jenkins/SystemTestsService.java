package io.jenkins.plugins.systemtests.jenkins;

import io.jenkins.plugins.systemtests.core.api.JobHistory;
import io.jenkins.plugins.systemtests.core.api.ReadApi;
import io.jenkins.plugins.systemtests.core.ingest.IngestionService;
import io.jenkins.plugins.systemtests.core.library.TestLibrary;
import io.jenkins.plugins.systemtests.core.store.RunStore;
import java.io.File;
import java.io.IOException;
import java.time.Clock;
import jenkins.model.Jenkins;

/**
 * The core services as this Jenkins runs them: one store under {@code $JENKINS_HOME/system-tests}, opened (and
 * recovered) on first use.
 */
public final class SystemTestsService {
    private static volatile SystemTestsService instance;

    private final RunStore store;
    private final IngestionService ingestion;
    private final ReadApi readApi;
    private final TestLibrary library;

    private SystemTestsService(File root) throws IOException {
        store = RunStore.open(root.toPath(), new BuildRunLocator());
        ingestion = new IngestionService(store, Clock.systemUTC(), () -> SystemTestsConfiguration.get().toSettings(),
                SystemTestsService::runUrlOf);
        readApi = new ReadApi(ingestion, new JobHistory(store));
        library = new TestLibrary(root.toPath().resolve("library"));
    }

    public static SystemTestsService get() throws IOException {
        SystemTestsService service = instance;
        if (service == null) {
            synchronized (SystemTestsService.class) {
                service = instance;
                if (service == null) {
                    service = new SystemTestsService(new File(Jenkins.get().getRootDir(), "system-tests"));
                    instance = service;
                }
            }
        }
        return service;
    }

    public IngestionService ingestion() {
        return ingestion;
    }

    public ReadApi readApi() {
        return readApi;
    }

    /** The uploaded tests, under {@code $JENKINS_HOME/system-tests/library}. */
    public TestLibrary library() {
        return library;
    }

    /** The read API's address of a run. */
    public String runUrl(long runId) {
        return runUrlOf(runId);
    }

    private static String runUrlOf(long runId) {
        String root = Jenkins.get().getRootUrl();
        return (root == null ? "/" : root) + SystemTestsRootAction.URL_NAME + "/api/v1/runs/" + runId;
    }
}
