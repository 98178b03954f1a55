package io.jenkins.plugins.systemtests.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.systemtests.core.json.Json;
import io.jenkins.plugins.systemtests.core.model.EndReason;
import io.jenkins.plugins.systemtests.core.model.RunEvent;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.model.TestRun;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.core.protocol.DryRun;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Durable home of all runs. Each run has a directory with an append-only {@code events.log}. Every event is first
 * appended to a shared write-ahead journal; an append is acknowledged once the journal is forced, so concurrent
 * reports share one {@code fsync} (group commit). Run logs and the index are forced at checkpoints, after which old
 * journal segments are deleted; at start-up the journal fills in whatever a crash kept from reaching them. A run that
 * has finished also gets a {@code summary.json}, so start-up reads one small file for it and its events are loaded
 * only when asked for. {@code runs.index} lists every run's directory, which may be a Jenkins build's directory.
 *
 * <p>Callers serialize changes to any one run (the ingestion service holds a lock per machine).
 */
public final class RunStore implements Closeable, RunResults.Source {
    private static final Logger LOGGER = Logger.getLogger(RunStore.class.getName());
    static final String EVENTS = "events.log";
    static final String SUMMARY = "summary.json";
    static final String INDEX = "runs.index";
    static final String JOURNAL = "journal";
    static final String PLANS = "plans";
    /** Journal bytes between checkpoints; tuning knob as a system property named after the class. */
    static final long CHECKPOINT_BYTES = Long.getLong(RunStore.class.getName() + ".checkpointBytes", 32L << 20);

    private final Path root;
    private final RunLocator locator;
    private final StoreDisk disk;
    private final GroupCommitWriter writer;
    private final FileChannel index;
    private final Map<Long, Entry> runs = new ConcurrentHashMap<>();
    /** Finished runs kept in memory after they were read or ended; a tuning knob as a system property. */
    static final int FINISHED_CACHE = Integer.getInteger(RunStore.class.getName() + ".finishedRunsInMemory", 256);
    /**
     * The most recently used finished runs, at most {@link #FINISHED_CACHE}: a bounded cache keeps the heap flat
     * however many runs are read (soft references would keep every one until the heap is full).
     */
    private final Map<Long, TestRun> finishedRuns = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, TestRun> eldest) {
                    return size() > FINISHED_CACHE;
                }
            });
    private long lastId;

    /** What the store holds of one run: its summary always, its state while ongoing or while memory allows. */
    private static final class Entry {
        final Path dir;
        volatile RunSummary summary;
        volatile TestRun live;
        volatile FileChannel log;
        /** Completes once every event of the run appended so far is durable. */
        volatile CompletableFuture<Void> written = CompletableFuture.completedFuture(null);
        int nextNumber;

        Entry(Path dir) {
            this.dir = dir;
        }
    }

    private RunStore(Path root, RunLocator locator, long checkpointBytes, StoreDisk disk) throws IOException {
        this.root = root;
        this.locator = locator;
        this.disk = disk;
        Path journalDir = root.resolve(JOURNAL);
        Files.createDirectories(root.resolve("runs"));
        Files.createDirectories(journalDir);
        Map<Long, String> directories = new TreeMap<>();
        java.util.Set<Long> deleted = new java.util.HashSet<>();
        for (byte[] record : RecordFile.readAndRepair(root.resolve(INDEX))) {
            JsonNode node = Json.MAPPER.readTree(record);
            long id = node.get("id").longValue();
            lastId = Math.max(lastId, id); // ids are never reused, a removed run's neither
            if (node.path("deleted").booleanValue()) {
                deleted.add(id);
                directories.remove(id);
            } else if (!deleted.contains(id)) { // the index copy of a creation can land after its tombstone
                directories.put(id, node.get("dir").textValue());
            }
        }
        this.index = FileChannel.open(root.resolve(INDEX), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        GroupCommitWriter writer = null;
        try {
            long lastSegment = 0;
            Map<Long, List<EventCodec.Record>> journalled = new HashMap<>();
            for (Path segment : journalSegments(journalDir)) {
                lastSegment = Math.max(lastSegment, GroupCommitWriter.segmentNumberOf(segment));
                for (byte[] payload : RecordFile.readAndRepair(segment)) {
                    EventCodec.Record record = EventCodec.decode(payload);
                    journalled.computeIfAbsent(record.runId(), id -> new ArrayList<>()).add(record);
                    if (record.directory() != null && !directories.containsKey(record.runId())
                            && !deleted.contains(record.runId())) {
                        directories.put(record.runId(), record.directory());
                        disk.write(index, indexRecord(record.runId(), record.directory()));
                    }
                }
            }
            disk.force(index);
            for (Map.Entry<Long, String> run : directories.entrySet()) {
                lastId = Math.max(lastId, run.getKey());
                recover(run.getKey(), root.resolve(run.getValue()), journalled.getOrDefault(run.getKey(), List.of()));
            }
            writer = new GroupCommitWriter(journalDir, lastSegment, checkpointBytes, disk);
        } catch (IOException | RuntimeException e) {
            // Opening is tried again at the next use (say, once the disk has room): leave no file open behind.
            closeFiles();
            throw e;
        }
        this.writer = writer;
    }

    /** Opens the store under {@code root}, recovering every run listed in its index or its journal. */
    public static RunStore open(Path root, RunLocator locator) throws IOException {
        return new RunStore(root, locator, CHECKPOINT_BYTES, StoreDisk.REAL);
    }

    /** Opens the store writing through {@code disk}: for tests of a disk that fails or hangs. */
    public static RunStore open(Path root, RunLocator locator, StoreDisk disk) throws IOException {
        return new RunStore(root, locator, CHECKPOINT_BYTES, disk);
    }

    static RunStore open(Path root, RunLocator locator, long checkpointBytes) throws IOException {
        return new RunStore(root, locator, checkpointBytes, StoreDisk.REAL);
    }

    private static List<Path> journalSegments(Path journalDir) throws IOException {
        try (Stream<Path> files = Files.list(journalDir)) {
            return files.filter(p -> GroupCommitWriter.segmentNumberOf(p) >= 0)
                    .sorted(Comparator.comparingLong(GroupCommitWriter::segmentNumberOf)).toList();
        }
    }

    private void recover(long id, Path dir, List<EventCodec.Record> journalled) throws IOException {
        try {
            Entry entry = new Entry(dir);
            Path summaryFile = dir.resolve(SUMMARY);
            if (Files.exists(summaryFile)) {
                // The log was forced before the summary was written: the journal holds nothing it lacks.
                entry.summary = SummaryCodec.decode(Files.readAllBytes(summaryFile));
                runs.put(id, entry);
                return;
            }
            if (!Files.isDirectory(dir) && journalled.isEmpty()) {
                return; // its build was deleted
            }
            Files.createDirectories(dir);
            List<byte[]> records = RecordFile.readAndRepair(dir.resolve(EVENTS));
            try (FileChannel log = openLog(dir)) {
                for (EventCodec.Record missing : journalled) {
                    if (missing.number() == records.size()) {
                        byte[] payload = EventCodec.encode(id, missing.number(), missing.directory(), missing.event());
                        disk.write(log, RecordFile.frame(payload));
                        records.add(payload);
                    }
                }
                disk.force(log);
            } catch (IOException e) {
                // Leaving the run out would let the first checkpoint delete the only copy of its events.
                throw new UnwritableAtStart("The journal's events of run " + id + " could not be written to "
                        + dir.resolve(EVENTS) + "; the store opens once the disk takes writes", e);
            }
            if (records.isEmpty()) {
                return; // created but never acknowledged
            }
            TestRun run = replay(records);
            entry.summary = run.summary();
            entry.nextNumber = records.size();
            runs.put(id, entry);
            if (run.isOngoing()) {
                entry.live = run;
                entry.log = openLog(dir);
            } else {
                writeSummary(entry, run);
            }
        } catch (UnwritableAtStart e) {
            throw new IOException(e.getMessage(), e.getCause());
        } catch (IOException | RuntimeException e) {
            LOGGER.log(Level.WARNING, "Run " + id + " in " + dir + " could not be recovered; it is left out", e);
        }
    }

    /** A write of recovery failed: the store must not open without what the journal alone holds. */
    private static final class UnwritableAtStart extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnwritableAtStart(String message, IOException cause) {
            super(message, cause);
        }
    }

    private static TestRun replay(List<byte[]> records) throws IOException {
        TestRun run = new TestRun((RunEvent.Created) EventCodec.decode(records.get(0)).event());
        for (byte[] record : records.subList(1, records.size())) {
            run.apply(EventCodec.decode(record).event());
        }
        return run;
    }

    private static Optional<TestRun> replay(Path dir) throws IOException {
        List<byte[]> records = RecordFile.readAndRepair(dir.resolve(EVENTS));
        return records.isEmpty() ? Optional.empty() : Optional.of(replay(records));
    }

    private static FileChannel openLog(Path dir) throws IOException {
        return FileChannel.open(dir.resolve(EVENTS), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
    }

    private static byte[] indexRecord(long id, String directory) throws IOException {
        ObjectNode record = Json.MAPPER.createObjectNode().put("id", id).put("dir", directory);
        return RecordFile.frame(Json.MAPPER.writeValueAsBytes(record));
    }

    /**
     * Creates a run from a plan. The future completes once the run is durable; the returned run is live at once, so
     * the caller must not acknowledge it before the future completes.
     */
    public Created create(DryRun plan, Instant now) throws IOException, RejectedException {
        long id;
        synchronized (this) {
            id = ++lastId;
        }
        Path dir = locator.directoryFor(id, plan).orElse(standaloneDirectory(root, id));
        Files.createDirectories(dir);
        String directory = relativeToRoot(dir);
        RunEvent.Created created = new RunEvent.Created(id, plan, now);
        Entry entry = new Entry(dir);
        entry.log = openLog(dir);
        entry.nextNumber = 1;
        TestRun run = new TestRun(created);
        entry.live = run;
        entry.summary = run.summary();
        byte[] record = RecordFile.frame(EventCodec.encode(id, 0, directory, created));
        CompletableFuture<Void> durable = writer.append(record, new GroupCommitWriter.Write(entry.log, record),
                new GroupCommitWriter.Write(index, indexRecord(id, directory)));
        entry.written = durable;
        runs.put(id, entry);
        durable.whenComplete((done, failure) -> locator.settled(id, failure == null));
        return new Created(run, durable);
    }

    /**
     * Where a run that belongs to no build lives: {@code runs/<id / 1000>/<id>}, so that no folder holds more than a
     * thousand runs however many there are. (Runs made before this layout stay where the index says they are.)
     */
    static Path standaloneDirectory(Path root, long id) {
        return root.resolve("runs").resolve(Long.toString(id / 1000)).resolve(Long.toString(id));
    }

    /**
     * Removes a finished run: from memory, from the index (a tombstone, so that the journal cannot bring it back at
     * the next start) and, when it lives under the store's own root, its directory. A build's directory is left to
     * Jenkins, which deletes it with the build.
     *
     * @return whether there was such a run
     * @throws IllegalStateException for an ongoing run
     */
    public boolean delete(long id) throws IOException {
        Entry entry = runs.get(id);
        if (entry == null) {
            return false;
        }
        if (entry.live != null) {
            throw new IllegalStateException("Run " + id + " is ongoing; only finished runs are removed");
        }
        drop(id);
        Path dir = entry.dir.toAbsolutePath().normalize();
        if (dir.startsWith(root.toAbsolutePath().normalize().resolve("runs"))) {
            deleteRecursively(dir);
        }
        return true;
    }

    /** The runs whose directory is under {@code directory} (a build's), to forget when that directory is deleted. */
    public List<Long> runsUnder(Path directory) {
        Path base = directory.toAbsolutePath().normalize();
        List<Long> found = new ArrayList<>();
        runs.forEach((id, entry) -> {
            if (entry.dir.toAbsolutePath().normalize().startsWith(base)) {
                found.add(id);
            }
        });
        found.sort(null);
        return found;
    }

    /** Drops a run whose directory went with its build: from memory and, by a tombstone, from the index. */
    public void forget(long id) throws IOException {
        Entry entry = runs.get(id);
        if (entry != null) {
            FileChannel log = entry.log;
            if (log != null) {
                log.close();
            }
            drop(id);
        }
    }

    /**
     * A tombstone in the index, forced, then the run leaves memory. The writer thread writes it, as everything else
     * in the index: a write that fails part-way is cut off the index before anything follows it.
     */
    private void drop(long id) throws IOException {
        if (!writer.isWritable()) {
            throw new IOException("The store cannot write now; run " + id + " stays until it can");
        }
        ObjectNode tombstone = Json.MAPPER.createObjectNode().put("id", id).put("deleted", true);
        CompletableFuture<Void> written = writer.append(new byte[0], new GroupCommitWriter.Write(index,
                RecordFile.frame(Json.MAPPER.writeValueAsBytes(tombstone)), GroupCommitWriter.After.FORCE));
        try {
            written.get(DROP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("Interrupted while removing run " + id);
        } catch (ExecutionException e) {
            throw new IOException("Run " + id + " could not be removed from the index", e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("The disk did not take the removal of run " + id + " in " + DROP_WAIT_SECONDS + " s");
        }
        runs.remove(id);
        finishedRuns.remove(id);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static final long DROP_WAIT_SECONDS = 60;

    /**
     * Whether new events can be made durable now: false while the disk refuses writes or hangs on one (until a retry
     * succeeds: the store goes on by itself when the disk takes writes again), and once closed.
     */
    public boolean isWritable() {
        return writer.isWritable();
    }

    /** Completes when the disk refuses a write (at once while it does): whoever waits for durability can stop. */
    public CompletableFuture<Void> whenUnwritable() {
        return writer.whenUnwritable();
    }

    /**
     * Completes once every event appended to the run so far is durable: an answer that an event was already applied
     * waits for this, so that it is never sent for an event the disk has not yet taken.
     */
    public CompletableFuture<Void> whenWritten(TestRun run) {
        Entry entry = runs.get(run.id());
        return entry == null ? CompletableFuture.completedFuture(null) : entry.written;
    }

    /** A new run and the moment it is durable. */
    public record Created(TestRun run, CompletableFuture<Void> durable) {
    }

    /**
     * Applies an event to an ongoing run and logs it. The future completes when the event is durable. When the event
     * finishes the run, its log is forced and closed and its summary written once the event is in the journal.
     */
    public CompletableFuture<Void> append(TestRun run, RunEvent event) {
        Entry entry = runs.get(run.id());
        if (entry == null || entry.live != run) {
            throw new IllegalStateException("Run " + run.id() + " is not an ongoing run of this store");
        }
        byte[] record = RecordFile.frame(EventCodec.encode(run.id(), entry.nextNumber++, null, event));
        run.apply(event);
        boolean finishing = !run.isOngoing();
        CompletableFuture<Void> durable = writer.append(record, new GroupCommitWriter.Write(entry.log, record,
                finishing ? GroupCommitWriter.After.CLOSE : GroupCommitWriter.After.LATER));
        entry.summary = run.summary();
        if (finishing) {
            entry.live = null;
            finishedRuns.put(run.id(), run);
            // The writer has forced and closed the log by the time the event is durable.
            durable = durable.thenRun(() -> {
                try {
                    writeSummary(entry, run);
                } catch (IOException e) {
                    // Without a summary the next start-up replays the log instead.
                    LOGGER.log(Level.WARNING, "The summary of run " + run.id() + " could not be written", e);
                }
            });
        }
        entry.written = durable;
        return durable;
    }

    /** Ends an ongoing run from outside: its waiting and running tests become {@code unfinishedBecome}. */
    public CompletableFuture<Void> end(TestRun run, EndReason reason, TestStatus unfinishedBecome, Instant now) {
        return append(run, new RunEvent.Ended(reason, unfinishedBecome, now));
    }

    private void writeSummary(Entry entry, TestRun run) throws IOException {
        RunResults results = RunResults.ofWithPlan(root.resolve(PLANS), run);
        Path target = entry.dir.resolve(SUMMARY);
        Path temp = entry.dir.resolve(SUMMARY + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            disk.write(channel, SummaryCodec.encode(run.summary(), results));
            disk.force(channel);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory(entry.dir);
        entry.summary = run.summary();
    }

    static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms (Windows) cannot open a directory; the files themselves are forced.
        }
    }

    private String relativeToRoot(Path dir) {
        Path absoluteRoot = root.toAbsolutePath().normalize();
        Path absoluteDir = dir.toAbsolutePath().normalize();
        return absoluteDir.startsWith(absoluteRoot) ? absoluteRoot.relativize(absoluteDir).toString().replace('\\', '/')
                : absoluteDir.toString();
    }

    /** The ongoing runs, with their live state. */
    public List<TestRun> ongoingRuns() {
        List<TestRun> result = new ArrayList<>();
        for (Entry entry : runs.values()) {
            TestRun live = entry.live;
            if (live != null) {
                result.add(live);
            }
        }
        result.sort(Comparator.comparingLong(TestRun::id));
        return result;
    }

    /** A run's full state: live while ongoing, else loaded from its log (and kept while memory allows). */
    public Optional<TestRun> run(long id) {
        Entry entry = runs.get(id);
        if (entry == null) {
            return Optional.empty();
        }
        TestRun live = entry.live;
        if (live != null) {
            return Optional.of(live);
        }
        TestRun cached = finishedRuns.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        try {
            Optional<TestRun> loaded = replay(entry.dir);
            loaded.ifPresent(run -> finishedRuns.put(id, run));
            return loaded;
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Run " + id + " could not be read from " + entry.dir, e);
            return Optional.empty();
        }
    }

    /** A finished run's small per-test results (for history pages), if it has them. */
    @Override
    public Optional<RunResults> results(long id) {
        Entry entry = runs.get(id);
        if (entry == null || entry.live != null) {
            return Optional.empty();
        }
        try {
            return Optional.of(RunResults.read(entry.dir));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Largest test log kept; the runner already caps each test's output (1 MiB by default). */
    public static final int MAX_LOG_BYTES = 2 * 1024 * 1024;

    /** Keeps a test's captured output with its run (in the build's directory for a build's run). */
    public void saveLog(long runId, int testIndex, java.io.InputStream log) throws IOException {
        saveLog(runId, testIndex, 0, log);
    }

    /**
     * Keeps the output of one attempt of a test: {@code attempt} 0 is the test's last (or only) attempt, 1 and up its
     * earlier attempts, kept as {@code <n>.attempt-<k>.log} beside its {@code <n>.log}.
     */
    public void saveLog(long runId, int testIndex, int attempt, java.io.InputStream log) throws IOException {
        Entry entry = runs.get(runId);
        if (entry == null || testIndex < 0 || attempt < 0) {
            throw new IOException("There is no run " + runId);
        }
        Path logs = entry.dir.resolve("logs");
        Files.createDirectories(logs);
        byte[] bytes = log.readNBytes(MAX_LOG_BYTES);
        Files.write(logs.resolve(logName(testIndex, attempt)), bytes);
    }

    private static String logName(int testIndex, int attempt) {
        return attempt == 0 ? testIndex + ".log" : testIndex + ".attempt-" + attempt + ".log";
    }

    /** A test's captured output, if it was kept. */
    public Optional<String> log(long runId, int testIndex) {
        return log(runId, testIndex, 0);
    }

    /** The captured output of one attempt of a test (0: its last), if it was kept. */
    public Optional<String> log(long runId, int testIndex, int attempt) {
        Entry entry = runs.get(runId);
        if (entry == null || testIndex < 0 || attempt < 0) {
            return Optional.empty();
        }
        Path file = entry.dir.resolve("logs").resolve(logName(testIndex, attempt));
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file, java.nio.charset.StandardCharsets.UTF_8))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The test list of a plan, by the hash its runs' results name. */
    @Override
    public List<String> planKeys(String planHash) throws IOException {
        return RunResults.readPlan(root.resolve(PLANS), planHash);
    }

    public Optional<RunSummary> summary(long id) {
        Entry entry = runs.get(id);
        return entry == null ? Optional.empty() : Optional.of(entry.summary);
    }

    /** Every run's summary, oldest first. */
    public List<RunSummary> summaries() {
        List<RunSummary> result = new ArrayList<>(runs.size());
        runs.values().forEach(e -> result.add(e.summary));
        result.sort(Comparator.comparingLong(RunSummary::id));
        return result;
    }

    @Override
    public void close() throws IOException {
        writer.close();
        closeFiles();
    }

    private void closeFiles() throws IOException {
        for (Entry entry : runs.values()) {
            FileChannel log = entry.log;
            if (log != null) {
                log.close();
            }
        }
        index.close();
    }

    /** Summaries as small JSON files. */
    static final class SummaryCodec {
        private SummaryCodec() {
        }

        static byte[] encode(RunSummary summary, RunResults results) throws IOException {
            ObjectNode node = Json.MAPPER.createObjectNode();
            node.put("id", summary.id()).put("machine", summary.machineName()).put("buildUrl", summary.buildUrl())
                    .put("status", summary.status().wireName()).put("ongoing", summary.ongoing())
                    .put("testCount", summary.testCount()).put("createdAt", summary.createdAt().toString())
                    .put("lastActivity", summary.lastActivity().toString())
                    .put("endReason", summary.endReason() == null ? null : summary.endReason().name())
                    .put("environment", summary.environment()).put("startedBy", summary.startedBy());
            if (summary.flaky() > 0) {
                node.put("flaky", summary.flaky());
            }
            ObjectNode counts = node.putObject("counts");
            summary.counts().forEach((status, count) -> counts.put(status.wireName(), count));
            node.set("results", results.toJson());
            return Json.MAPPER.writeValueAsBytes(node);
        }

        static RunSummary decode(byte[] bytes) throws IOException {
            JsonNode node = Json.MAPPER.readTree(bytes);
            Map<TestStatus, Integer> counts = new EnumMap<>(TestStatus.class);
            for (TestStatus status : TestStatus.values()) {
                counts.put(status, node.path("counts").path(status.wireName()).asInt(0));
            }
            JsonNode endReason = node.get("endReason");
            return new RunSummary(node.get("id").longValue(), node.get("machine").textValue(),
                    node.get("buildUrl").isNull() ? null : node.get("buildUrl").textValue(),
                    TestStatus.fromWireName(node.get("status").textValue()).orElse(TestStatus.UNKNOWN),
                    node.get("ongoing").booleanValue(), node.get("testCount").intValue(), counts,
                    Instant.parse(node.get("createdAt").textValue()),
                    Instant.parse(node.get("lastActivity").textValue()),
                    endReason == null || endReason.isNull() ? null : EndReason.valueOf(endReason.textValue()),
                    node.path("environment").textValue(), node.path("startedBy").textValue(),
                    node.path("flaky").asInt(0));
        }
    }
}
