package io.jenkins.plugins.systemtests.core.ingest;

import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.model.TestRun;
import io.jenkins.plugins.systemtests.core.store.RunStore;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The read side of the runs {@link IngestionService} keeps: a run seen whole (under its machine's lock, so never with
 * half a change applied), its summary, every summary, its tests' kept output. The pages and the read API use this;
 * only ingestion writes.
 */
public final class RunReader {
    private final RunStore store;
    private final MachineLocks locks;

    RunReader(RunStore store, MachineLocks locks) {
        this.store = store;
        this.locks = locks;
    }

    /** Reads a run under its machine's lock, so the reader sees no half-applied change. */
    public <T> Optional<T> read(long runId, Function<TestRun, T> reader) {
        Optional<RunSummary> summary = store.summary(runId);
        if (summary.isEmpty()) {
            return Optional.empty();
        }
        synchronized (locks.of(summary.get().machineName())) {
            return store.run(runId).map(reader);
        }
    }

    /** One run's summary, without copying the others. */
    public Optional<RunSummary> summary(long runId) {
        return store.summary(runId);
    }

    public List<RunSummary> summaries() {
        return store.summaries();
    }

    /** A test's captured output, when its run kept it. */
    public Optional<String> log(long runId, int testIndex) {
        return store.log(runId, testIndex);
    }

    /** The captured output of one attempt of a test (0: its last, 1 and up: its earlier ones), when kept. */
    public Optional<String> log(long runId, int testIndex, int attempt) {
        return store.log(runId, testIndex, attempt);
    }
}
