package io.jenkins.plugins.systemtests.core.ingest;

import io.jenkins.plugins.systemtests.core.config.Settings;
import io.jenkins.plugins.systemtests.core.model.EndReason;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.model.TestRun;
import io.jenkins.plugins.systemtests.core.protocol.DryRun;
import io.jenkins.plugins.systemtests.core.protocol.ErrorCode;
import io.jenkins.plugins.systemtests.core.protocol.Message;
import io.jenkins.plugins.systemtests.core.protocol.MessageKind;
import io.jenkins.plugins.systemtests.core.protocol.MessageParser;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import io.jenkins.plugins.systemtests.core.protocol.TestStart;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.core.protocol.TestStop;
import io.jenkins.plugins.systemtests.core.store.RunStore;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Takes the machines' messages: parses, matches them to the machine's current run, logs them durably, and only then
 * answers. Changes to one machine's runs are serialized by a lock per machine; the wait for the disk happens outside
 * it, so concurrent machines share each flush. A refused message changes nothing.
 *
 * <p>A request waits for the disk until one deadline, a batch's as a single message's: what is not durable by then
 * (the disk hangs), or when the disk refuses writes, is answered {@code STORAGE_UNAVAILABLE}. Such a message may
 * still be applied once the disk takes it; its retry is then recognised, never applied twice.
 */
public final class IngestionService {
    private static final Logger LOGGER = Logger.getLogger(IngestionService.class.getName());
    /** How long a request waits for its messages to be durable; a tuning knob as a system property. */
    public static final Duration ANSWER_DEADLINE = Duration.ofMillis(
            Long.getLong(IngestionService.class.getName() + ".answerDeadlineMillis", 10_000));

    private final RunStore store;
    private final Duration answerDeadline;
    private final Clock clock;
    private final Supplier<Settings> settings;
    private final LongFunction<String> runUrl;
    private final MessageParser parser = new MessageParser();
    private final MachineLocks machineLocks = new MachineLocks();
    private final RunReader reader;
    /** The latest run of each session: a machine, and the build it reports for (if any). */
    private final Map<String, Long> currentRunOfSession = new ConcurrentHashMap<>();
    private final Map<String, Long> latestRunOfMachine = new ConcurrentHashMap<>();

    public IngestionService(RunStore store, Clock clock, Supplier<Settings> settings, LongFunction<String> runUrl) {
        this(store, clock, settings, runUrl, ANSWER_DEADLINE);
    }

    /** With the deadline of each request's wait for the disk (see {@link #ANSWER_DEADLINE}). */
    public IngestionService(RunStore store, Clock clock, Supplier<Settings> settings, LongFunction<String> runUrl,
            Duration answerDeadline) {
        this.store = store;
        this.answerDeadline = answerDeadline;
        this.reader = new RunReader(store, machineLocks);
        this.clock = clock;
        this.settings = settings;
        this.runUrl = runUrl;
        for (RunSummary summary : store.summaries()) {
            currentRunOfSession.merge(session(summary.machineName(), summary.buildUrl()), summary.id(), Math::max);
            latestRunOfMachine.merge(summary.machineName(), summary.id(), Math::max);
        }
    }

    /**
     * A machine reports for one build at a time, or for none: two builds may use one machine at once without ending
     * each other's runs. A DRY RUN ends the previous ongoing run of its own session only.
     */
    private static String session(String machine, String buildUrl) {
        return machine + '\n' + (buildUrl == null ? "" : buildUrl);
    }

    /** Handles one message body of the given kind, answering once it is durable; never throws for any input. */
    public Receipt receive(MessageKind kind, byte[] body) {
        long deadline = deadline();
        return await(kind, receiveAsync(kind, body, true), deadline);
    }

    /** Handles a message of a build's own runner, which the reporting switch does not govern. */
    public Receipt receiveFromBuild(MessageKind kind, byte[] body) {
        long deadline = deadline();
        return await(kind, receiveAsync(kind, body, false), deadline);
    }

    /**
     * Messages of a build's own runner, in order, each checked and applied at once as {@link #receiveFromBuild} does,
     * answered once all are durable, with one deadline for all: what one poll of a runner's events file took waits for
     * the disk once (one group commit), not once per message, which held a fast suite's reports seconds behind its
     * tests (a wait for the disk takes milliseconds, tens on a busy disk; a 750-test suite writes 1,500 in a second).
     */
    public List<Receipt> receiveAllFromBuild(List<Map.Entry<MessageKind, byte[]>> messages) {
        long deadline = deadline();
        List<CompletableFuture<Receipt>> answers = new ArrayList<>(messages.size());
        for (Map.Entry<MessageKind, byte[]> message : messages) {
            answers.add(receiveAsync(message.getKey(), message.getValue(), false));
        }
        List<Receipt> receipts = new ArrayList<>(answers.size());
        for (int i = 0; i < answers.size(); i++) {
            receipts.add(await(messages.get(i).getKey(), answers.get(i), deadline));
        }
        return receipts;
    }

    /** The moment (in {@link System#nanoTime()}) a request stops waiting for the disk. */
    private long deadline() {
        return System.nanoTime() + answerDeadline.toNanos();
    }

    /**
     * The answer once it is durable; {@code STORAGE_UNAVAILABLE} when it is not by the deadline, or as soon as the
     * disk refuses writes.
     */
    private Receipt await(Object kind, CompletableFuture<Receipt> answer, long deadline) {
        if (!awaitDone(answer, deadline)) {
            LOGGER.log(Level.FINE, "A {0} message was not durable in time; answered as unavailable", kind);
            return new Receipt.Refused(storageUnavailable());
        }
        return answer.join();
    }

    /** Whether the future completed normally by the deadline, waiting no longer once the disk refuses writes. */
    private boolean awaitDone(CompletableFuture<?> future, long deadline) {
        if (!future.isDone()) {
            try {
                CompletableFuture.anyOf(future, store.whenUnwritable())
                        .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // told apart below
            }
        }
        return future.isDone() && !future.isCompletedExceptionally();
    }

    /**
     * Handles one message body without blocking: the message is checked and applied at once, in arrival order per
     * machine, and the returned answer completes once it is durable (a refusal completes at once). For callers that
     * serve many requests without a thread each.
     */
    public CompletableFuture<Receipt> receiveAsync(MessageKind kind, byte[] body) {
        return receiveAsync(kind, body, true);
    }

    private CompletableFuture<Receipt> receiveAsync(MessageKind kind, byte[] body, boolean fromMachine) {
        return receiveAsync(fromMachine, () -> parser.parse(kind, body), kind);
    }

    /**
     * Handles a batch body ({@code POST api/v1/events}): a JSON array of the protocol's messages, each told apart by
     * its fields, applied in order exactly as if each had come alone, answered once all are durable. An element that
     * is refused does not stop the others. A body that is not such an array is refused as a whole.
     */
    public List<Receipt> receiveBatch(byte[] body) throws RejectedException {
        long deadline = deadline();
        if (!settings.get().reportingEnabled()) {
            throw reportingDisabled();
        }
        List<JsonNode> messages = MessageParser.readBatch(body);
        if (!store.isWritable()) {
            throw storageUnavailable(); // none of them could be made durable now: the whole batch is to be sent again
        }
        List<CompletableFuture<Receipt>> answers = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            Optional<MessageKind> kind = MessageParser.kindOf(message);
            if (kind.isEmpty()) {
                answers.add(CompletableFuture.completedFuture(new Receipt.Refused(new RejectedException(
                        ErrorCode.INVALID_FIELD, "[" + i + "]: not a DRY RUN, TEST START or TEST STOP: a message has "
                                + "exactly one of master_scenario, timestamp_start or timestamp_stop"))));
            } else {
                answers.add(receiveAsync(true, () -> parser.parse(kind.get(), message), kind.get()));
            }
        }
        List<Receipt> receipts = new ArrayList<>(answers.size());
        for (CompletableFuture<Receipt> answer : answers) {
            receipts.add(await("batched", answer, deadline)); // one deadline for all: a hung disk holds it once
        }
        return receipts;
    }

    @FunctionalInterface
    private interface Parse {
        Message parse() throws RejectedException;
    }

    private CompletableFuture<Receipt> receiveAsync(boolean fromMachine, Parse parse, MessageKind kind) {
        try {
            if (fromMachine && !settings.get().reportingEnabled()) {
                throw reportingDisabled();
            }
            if (!store.isWritable()) {
                throw storageUnavailable(); // not even a retry is acknowledged while nothing can be made durable
            }
            Message message = parse.parse();
            if (message instanceof DryRun dryRun) {
                return dryRun(dryRun);
            } else if (message instanceof TestStart start) {
                return testEvent(start.machineName(), start.buildUrl(), run -> run.decide(start, clock.instant()));
            } else {
                TestStop stop = (TestStop) message;
                return testEvent(stop.machineName(), stop.buildUrl(), run -> run.decide(stop, clock.instant()));
            }
        } catch (RejectedException e) {
            return CompletableFuture.completedFuture(new Receipt.Refused(e));
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "Unexpected failure while taking a " + kind + " message", e);
            return CompletableFuture.completedFuture(new Receipt.Refused(storageUnavailable()));
        }
    }

    private CompletableFuture<Receipt> dryRun(DryRun plan) throws RejectedException {
        RunStore.Created created;
        CompletableFuture<Void> previousEnded = CompletableFuture.completedFuture(null);
        synchronized (lockOf(plan.machineName())) {
            Instant now = clock.instant();
            String session = session(plan.machineName(), plan.buildUrl());
            Optional<TestRun> previous = runOf(currentRunOfSession.get(session)).filter(TestRun::isOngoing);
            if (previous.isPresent() && previous.get().version() == 1 && previous.get().plan().equals(plan)) {
                // The same plan, timestamp and all, before any of its tests started: a retry after a lost or 503
                // answer (a reporter sends nothing else before the plan's answer), not a new run.
                TestRun same = previous.get();
                return store.whenWritten(same).thenApply(durable -> new Receipt.Created(same.id(),
                        runUrl.apply(same.id()), plan.machineName(), plan.testCount()));
            }
            try {
                created = store.create(plan, now); // first: a plan refused here must not end the previous run
            } catch (IOException e) {
                LOGGER.log(Level.WARNING, "A run of machine " + plan.machineName() + " could not be created", e);
                throw storageUnavailable();
            }
            if (previous.isPresent()) {
                previousEnded = store.end(previous.get(), EndReason.SUPERSEDED, TestStatus.UNKNOWN, now);
            }
            currentRunOfSession.put(session, created.run().id());
            latestRunOfMachine.put(plan.machineName(), created.run().id());
        }
        long runId = created.run().id();
        return CompletableFuture.allOf(previousEnded, created.durable()).thenApply(
                durable -> new Receipt.Created(runId, runUrl.apply(runId), plan.machineName(), plan.testCount()));
    }

    @FunctionalInterface
    private interface Decider {
        TestRun.Decision decide(TestRun run) throws RejectedException;
    }

    private CompletableFuture<Receipt> testEvent(String machine, String buildUrl, Decider decider)
            throws RejectedException {
        TestRun.Decision decision;
        CompletableFuture<Void> durable = CompletableFuture.completedFuture(null);
        long runId;
        synchronized (lockOf(machine)) {
            TestRun run = currentRun(machine, buildUrl).orElseThrow(() -> new RejectedException(
                    ErrorCode.UNKNOWN_MACHINE, "Machine '" + machine + "' has sent no DRY RUN"
                            + (buildUrl == null ? "" : " for build " + buildUrl) + "; send the plan first"));
            runId = run.id();
            decision = decider.decide(run);
            if (decision instanceof TestRun.Change change) {
                durable = store.append(run, change.event());
            } else {
                durable = store.whenWritten(run); // "already applied" only once what was applied is durable
            }
        }
        boolean duplicate = decision instanceof TestRun.Duplicate;
        return durable.thenApply(written -> new Receipt.Applied(runId, duplicate));
    }

    /** The run a START or STOP is about: its session's, or without a build, the machine's latest. */
    private Optional<TestRun> currentRun(String machine, String buildUrl) {
        Long id = currentRunOfSession.get(session(machine, buildUrl));
        if (id == null && buildUrl == null) {
            id = latestRunOfMachine.get(machine);
        }
        return runOf(id);
    }

    private Optional<TestRun> runOf(Long id) {
        return id == null ? Optional.empty() : store.run(id);
    }

    /**
     * Ends a run from outside (its build was aborted, or the controller restarted under it): its waiting and running
     * tests become {@code unfinishedBecome}. Does nothing to a run that has already ended.
     *
     * @return whether the run was ongoing and is now ended
     */
    public boolean endRun(long runId, EndReason reason, TestStatus unfinishedBecome) {
        Optional<RunSummary> summary = store.summary(runId);
        if (summary.isEmpty()) {
            return false;
        }
        CompletableFuture<Void> durable;
        synchronized (lockOf(summary.get().machineName())) {
            Optional<TestRun> run = store.run(runId).filter(TestRun::isOngoing);
            if (run.isEmpty()) {
                return false;
            }
            durable = store.end(run.get(), reason, unfinishedBecome, clock.instant());
        }
        if (!awaitDone(durable, deadline())) {
            LOGGER.log(Level.WARNING, "Ending run {0} is not durable yet; it is written once the disk takes it", runId);
        }
        return true;
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
                if (!awaitDone(durable, deadline())) {
                    LOGGER.log(Level.WARNING, "Ending silent run {0} is not durable yet; it is written once the disk "
                            + "takes it", candidate.id());
                }
            }
        }
        return ended;
    }

    /**
     * Removes the runs the retention settings no longer keep (finished runs of no build, by age and per machine).
     *
     * @return how many runs were removed
     */
    public int applyRetention() {
        int removed = 0;
        for (long id : Retention.expired(store.summaries(), settings.get(), clock.instant())) {
            if (removeRun(id, "removed; it is tried again later", summary -> !summary.ongoing() && store.delete(id))) {
                removed++;
            }
        }
        return removed;
    }

    /**
     * Forgets the runs kept in a directory that is being deleted (a build's, with the build), so that no list shows
     * them afterwards. An ongoing one is ended first.
     */
    public void forgetRunsUnder(java.nio.file.Path directory) {
        for (long id : store.runsUnder(directory)) {
            endRun(id, EndReason.INTERRUPTED, TestStatus.CANCELLED);
            removeRun(id, "forgotten with its build", summary -> {
                store.forget(id);
                return true;
            });
        }
    }

    @FunctionalInterface
    private interface Removal {
        boolean remove(RunSummary summary) throws IOException;
    }

    /**
     * Takes a run out of the store under its machine's lock, and out of the routes of STARTs and STOPs when it went.
     *
     * @return whether it went
     */
    private boolean removeRun(long id, String failure, Removal removal) {
        Optional<RunSummary> summary = store.summary(id);
        if (summary.isEmpty()) {
            return false;
        }
        String machine = summary.get().machineName();
        synchronized (lockOf(machine)) {
            try {
                Optional<RunSummary> current = store.summary(id);
                if (current.isPresent() && removal.remove(current.get())) {
                    dropRoutes(machine, id);
                    return true;
                }
            } catch (IOException e) {
                LOGGER.log(Level.WARNING, "Run " + id + " could not be " + failure, e);
            }
            return false;
        }
    }

    /** No START or STOP is routed to a removed run any more. */
    private void dropRoutes(String machine, long id) {
        currentRunOfSession.values().removeIf(current -> current == id);
        latestRunOfMachine.remove(machine, id);
    }

    /** Keeps a test's captured output with its run. */
    public void saveLog(long runId, int testIndex, java.io.InputStream log) throws IOException {
        store.saveLog(runId, testIndex, log);
    }

    /** Keeps the output of an earlier attempt ({@code attempt} from 1) of a retried test. */
    public void saveLog(long runId, int testIndex, int attempt, java.io.InputStream log) throws IOException {
        store.saveLog(runId, testIndex, attempt, log);
    }

    /** The read side of these runs. */
    public RunReader reader() {
        return reader;
    }

    private Object lockOf(String machine) {
        return machineLocks.of(machine);
    }

    private static RejectedException reportingDisabled() {
        return new RejectedException(ErrorCode.REPORTING_DISABLED,
                "Reporting from testing machines is switched off in the System Tests configuration");
    }

    private static RejectedException storageUnavailable() {
        return new RejectedException(ErrorCode.STORAGE_UNAVAILABLE, "Jenkins could not write the report to its disk "
                + "(full, read-only or not answering); retry later: a retry is recognised, never applied twice");
    }
}
