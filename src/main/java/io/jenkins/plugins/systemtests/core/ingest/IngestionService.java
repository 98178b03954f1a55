package io.jenkins.plugins.systemtests.core.ingest;

import io.jenkins.plugins.systemtests.core.api.ApiResponse;
import io.jenkins.plugins.systemtests.core.config.Settings;
import io.jenkins.plugins.systemtests.core.model.EndReason;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.model.TestRun;
import io.jenkins.plugins.systemtests.core.model.TestStatus;
import io.jenkins.plugins.systemtests.core.protocol.DryRun;
import io.jenkins.plugins.systemtests.core.protocol.ErrorCode;
import io.jenkins.plugins.systemtests.core.protocol.Message;
import io.jenkins.plugins.systemtests.core.protocol.MessageKind;
import io.jenkins.plugins.systemtests.core.protocol.MessageParser;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import io.jenkins.plugins.systemtests.core.protocol.TestStart;
import io.jenkins.plugins.systemtests.core.protocol.TestStop;
import io.jenkins.plugins.systemtests.core.store.RunStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Takes the machines' messages: parses, matches them to the machine's current run, logs them durably, and only then
 * answers. Changes to one machine's runs are serialized by a lock per machine; the wait for the disk happens outside
 * it, so concurrent machines share each flush. A refused message changes nothing.
 */
public final class IngestionService {
    private static final Logger LOGGER = Logger.getLogger(IngestionService.class.getName());
    private static final long DURABILITY_TIMEOUT_SECONDS = 30;

    private final RunStore store;
    private final Clock clock;
    private final Supplier<Settings> settings;
    private final LongFunction<String> runUrl;
    private final MessageParser parser = new MessageParser();
    private final Map<String, Object> machineLocks = new ConcurrentHashMap<>();
    private final Map<String, Long> currentRunOfMachine = new ConcurrentHashMap<>();

    public IngestionService(RunStore store, Clock clock, Supplier<Settings> settings, LongFunction<String> runUrl) {
        this.store = store;
        this.clock = clock;
        this.settings = settings;
        this.runUrl = runUrl;
        for (RunSummary summary : store.summaries()) {
            currentRunOfMachine.merge(summary.machineName(), summary.id(), Math::max);
        }
    }

    /** Handles one message body of the given kind, answering once it is durable; never throws for any input. */
    public ApiResponse receive(MessageKind kind, byte[] body) {
        CompletableFuture<ApiResponse> answer = receiveAsync(kind, body);
        try {
            return answer.get(DURABILITY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ApiResponse.error(storageUnavailable());
        } catch (ExecutionException | TimeoutException e) {
            LOGGER.log(Level.WARNING, "A " + kind + " message could not be made durable", e);
            return ApiResponse.error(storageUnavailable());
        }
    }

    /**
     * Handles one message body without blocking: the message is checked and applied at once, in arrival order per
     * machine, and the returned answer completes once it is durable (a refusal completes at once). For callers that
     * serve many requests without a thread each.
     */
    public CompletableFuture<ApiResponse> receiveAsync(MessageKind kind, byte[] body) {
        try {
            if (!settings.get().reportingEnabled()) {
                throw new RejectedException(ErrorCode.REPORTING_DISABLED,
                        "Reporting from testing machines is switched off in the System Tests configuration");
            }
            if (!store.isWritable()) {
                throw storageUnavailable(); // not even a retry is acknowledged while nothing can be made durable
            }
            Message message = parser.parse(kind, body);
            if (message instanceof DryRun dryRun) {
                return dryRun(dryRun);
            } else if (message instanceof TestStart start) {
                return testEvent(start.machineName(), run -> run.decide(start, clock.instant()));
            } else {
                TestStop stop = (TestStop) message;
                return testEvent(stop.machineName(), run -> run.decide(stop, clock.instant()));
            }
        } catch (RejectedException e) {
            return CompletableFuture.completedFuture(ApiResponse.error(e));
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "Unexpected failure while taking a " + kind + " message", e);
            return CompletableFuture.completedFuture(ApiResponse.error(storageUnavailable()));
        }
    }

    private CompletableFuture<ApiResponse> dryRun(DryRun plan) throws RejectedException {
        RunStore.Created created;
        CompletableFuture<Void> previousEnded = CompletableFuture.completedFuture(null);
        synchronized (lockOf(plan.machineName())) {
            Instant now = clock.instant();
            Optional<TestRun> previous = currentRun(plan.machineName()).filter(TestRun::isOngoing);
            try {
                created = store.create(plan, now); // first: a plan refused here must not end the previous run
            } catch (IOException e) {
                LOGGER.log(Level.WARNING, "A run of machine " + plan.machineName() + " could not be created", e);
                throw storageUnavailable();
            }
            if (previous.isPresent()) {
                previousEnded = store.end(previous.get(), EndReason.SUPERSEDED, TestStatus.UNKNOWN, now);
            }
            currentRunOfMachine.put(plan.machineName(), created.run().id());
        }
        long runId = created.run().id();
        return CompletableFuture.allOf(previousEnded, created.durable()).thenApply(durable -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("runId", runId);
            body.put("url", runUrl.apply(runId));
            body.put("machine", plan.machineName());
            body.put("tests", plan.testCount());
            return ApiResponse.of(201, body);
        });
    }

    @FunctionalInterface
    private interface Decider {
        TestRun.Decision decide(TestRun run) throws RejectedException;
    }

    private CompletableFuture<ApiResponse> testEvent(String machine, Decider decider) throws RejectedException {
        TestRun.Decision decision;
        CompletableFuture<Void> durable = CompletableFuture.completedFuture(null);
        long runId;
        synchronized (lockOf(machine)) {
            TestRun run = currentRun(machine).orElseThrow(() -> new RejectedException(ErrorCode.UNKNOWN_MACHINE,
                    "Machine '" + machine + "' has sent no DRY RUN; send the plan first"));
            runId = run.id();
            decision = decider.decide(run);
            if (decision instanceof TestRun.Change change) {
                durable = store.append(run, change.event());
            }
        }
        boolean duplicate = decision instanceof TestRun.Duplicate;
        return durable.thenApply(written -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("runId", runId);
            body.put("duplicate", duplicate);
            return ApiResponse.of(202, body);
        });
    }

    private Optional<TestRun> currentRun(String machine) {
        Long id = currentRunOfMachine.get(machine);
        return id == null ? Optional.empty() : store.run(id);
    }

    /**
     * Ends every ongoing run whose machine has been silent longer than the configured timeout; their unfinished tests
     * become {@code unknown}. Called periodically.
     *
     * @return how many runs were ended
     */
    public int endSilentRuns() {
        Instant deadline = clock.instant().minus(settings.get().silenceTimeout());
        int ended = 0;
        for (TestRun candidate : store.ongoingRuns()) {
            CompletableFuture<Void> durable = null;
            synchronized (lockOf(candidate.machineName())) {
                if (candidate.isOngoing() && candidate.lastActivity().isBefore(deadline)) {
                    durable = store.end(candidate, EndReason.SILENT, TestStatus.UNKNOWN, clock.instant());
                }
            }
            if (durable != null) {
                ended++;
                try {
                    awaitDurable(durable);
                } catch (RejectedException e) {
                    LOGGER.log(Level.WARNING, "Ending silent run " + candidate.id() + " was not recorded", e);
                }
            }
        }
        return ended;
    }

    /** Reads a run under its machine's lock, so the reader sees no half-applied change. */
    public <T> Optional<T> read(long runId, Function<TestRun, T> reader) {
        Optional<RunSummary> summary = store.summary(runId);
        if (summary.isEmpty()) {
            return Optional.empty();
        }
        synchronized (lockOf(summary.get().machineName())) {
            return store.run(runId).map(reader);
        }
    }

    public List<RunSummary> summaries() {
        return store.summaries();
    }

    public Optional<Long> currentRunId(String machine) {
        return Optional.ofNullable(currentRunOfMachine.get(machine));
    }

    private Object lockOf(String machine) {
        return machineLocks.computeIfAbsent(machine, m -> new Object());
    }

    private static void awaitDurable(CompletableFuture<Void> durable) throws RejectedException {
        try {
            durable.get(DURABILITY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw storageUnavailable();
        } catch (ExecutionException | TimeoutException e) {
            LOGGER.log(Level.WARNING, "A message could not be made durable", e);
            throw storageUnavailable();
        }
    }

    private static RejectedException storageUnavailable() {
        return new RejectedException(ErrorCode.STORAGE_UNAVAILABLE,
                "The message could not be written to disk; retry later (a retry is recognised, never applied twice)");
    }
}
