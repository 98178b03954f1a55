package io.jenkins.plugins.systemtests.core.store;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Write-ahead journal with group commit. One thread takes everything queued since its last flush, appends each
 * record to the journal and to the files it belongs to (a run's log, the index), forces the journal once, and only
 * then completes the appends' futures: many concurrent appends share one {@code fsync}, whatever files they touch.
 * The other files are forced at checkpoints, after which the journal segments before the checkpoint are deleted.
 *
 * <p>When the disk refuses a batch (full, read-only, failing), the batch is kept whole, and its futures wait: every
 * file the failed write may have left a partial record in is cut back to where it was before, and the batch is
 * written again every {@link #RETRY_MILLIS} ms until the disk takes it. Meanwhile {@link #isWritable()} is false, so
 * that callers refuse new work instead of queueing it. The records of the kept batch were already applied in memory
 * by the store, so they are never dropped: once written, what memory shows is what the disk holds.
 */
final class GroupCommitWriter implements Closeable {
    private static final Logger LOGGER = Logger.getLogger(GroupCommitWriter.class.getName());
    private static final int MAX_BATCH = 8192;
    static final String SEGMENT_SUFFIX = ".wal";
    /** Pause between attempts to write a batch the disk refused; a tuning knob as a system property. */
    static final long RETRY_MILLIS = Long.getLong(RunStore.class.getName() + ".retryMillis", 1000);
    /** A batch whose writing takes longer than this is stuck: new work is refused until it is done. */
    static final long STUCK_AFTER_MILLIS = Long.getLong(RunStore.class.getName() + ".stuckAfterMillis", 5000);
    /** How long closing waits for the writer; a disk that hangs for good must not hang Jenkins' shutdown. */
    private static final long CLOSE_WAIT_MILLIS = 30_000;

    /** What becomes of a copy's file right after the batch holding it: nothing yet, forced, or forced and closed. */
    enum After {
        LATER, FORCE, CLOSE
    }

    /**
     * A copy of the record for another file (a run's log, the index). Copies are buffered and written in bulk, at
     * the latest at the next checkpoint, unless {@code after} asks to force (or close) the file right after this one.
     */
    record Write(FileChannel channel, byte[] bytes, After after) {
        Write(FileChannel channel, byte[] bytes) {
            this(channel, bytes, After.LATER);
        }
    }

    /** Buffered copies are written out once a file has this many bytes waiting. */
    private static final int COPY_BUFFER_BYTES = 256 * 1024;

    private record Pending(byte[] journalRecord, List<Write> writes, CompletableFuture<Void> done) {
    }

    private static final Pending STOP = new Pending(null, null, null);

    /** Appends taken together, and how far their writing got; kept whole until the disk has taken all of it. */
    private static final class Batch {
        final List<Pending> pendings;
        final byte[] journal;
        final Set<FileChannel> fullBuffers;
        final Map<FileChannel, After> finishing;
        boolean journalDurable;

        Batch(List<Pending> pendings, byte[] journal, Set<FileChannel> fullBuffers, Map<FileChannel, After> finishing) {
            this.pendings = pendings;
            this.journal = journal;
            this.fullBuffers = fullBuffers;
            this.finishing = finishing;
        }
    }

    private final Path journalDir;
    private final long checkpointBytes;
    private final StoreDisk disk;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Set<FileChannel> dirty = new LinkedHashSet<>();
    private final Map<FileChannel, ByteArrayOutputStream> buffered = new LinkedHashMap<>();
    /** Files a failed write may have left a partial record at the end of: the length to cut them back to first. */
    private final Map<FileChannel, Long> tornTails = new HashMap<>();
    private final Object pause = new Object();
    private final Thread thread;
    private FileChannel segment;
    private long segmentNumber;
    private long segmentBytes;
    /** The batch the disk refused, written again until it is taken; null while all is well. */
    private Batch stalled;
    private volatile IOException failure;
    private volatile CompletableFuture<Void> unwritable = new CompletableFuture<>();
    private volatile boolean busy;
    private volatile long busySince;
    private volatile boolean closed;

    /** Starts writing a new segment after {@code lastSegment}; older segments go at the first checkpoint. */
    GroupCommitWriter(Path journalDir, long lastSegment, long checkpointBytes, StoreDisk disk) throws IOException {
        this.journalDir = journalDir;
        this.checkpointBytes = checkpointBytes;
        this.disk = disk;
        this.segmentNumber = lastSegment + 1;
        this.segment = openSegment(segmentNumber);
        thread = new Thread(this::run, "system-tests-journal");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Whether new appends can be made durable now: false while the disk refuses a batch, while one batch (or a
     * checkpoint) has been writing for longer than {@link #STUCK_AFTER_MILLIS} (a hung disk), and once closed.
     */
    boolean isWritable() {
        return failure == null && !closed
                && !(busy && System.nanoTime() - busySince > TimeUnit.MILLISECONDS.toNanos(STUCK_AFTER_MILLIS));
    }

    /** Completes when the disk refuses a batch (at once if it is refusing now): whoever waits need not wait on. */
    CompletableFuture<Void> whenUnwritable() {
        return unwritable;
    }

    /**
     * Queues a record; the future completes once it is durable in the journal. It fails only when the writer closes
     * first; while the disk refuses writes, it waits.
     */
    CompletableFuture<Void> append(byte[] journalRecord, Write... writes) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new IOException("The store is closed"));
        } else {
            queue.add(new Pending(journalRecord, List.of(writes), done));
        }
        return done;
    }

    private void run() {
        boolean stopping = false;
        try {
            while (true) {
                if (stalled != null && !finishStalled()) {
                    if (closed) {
                        abandon();
                        return;
                    }
                    synchronized (pause) {
                        pause.wait(RETRY_MILLIS);
                    }
                    continue;
                }
                List<Pending> taken = new ArrayList<>();
                if (stopping) {
                    queue.drainTo(taken, MAX_BATCH);
                    if (taken.isEmpty()) {
                        checkpointQuietly();
                        return;
                    }
                } else {
                    taken.add(queue.take());
                    queue.drainTo(taken, MAX_BATCH - 1);
                }
                while (taken.remove(STOP)) {
                    stopping = true;
                }
                if (!taken.isEmpty()) {
                    write(prepare(taken));
                }
                if (stalled == null && segmentBytes >= checkpointBytes) {
                    checkpointQuietly();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Puts the batch's journal records together and its copies in their files' buffers (once, whatever happens). */
    private Batch prepare(List<Pending> pendings) {
        ByteArrayOutputStream journal = new ByteArrayOutputStream();
        Set<FileChannel> fullBuffers = new LinkedHashSet<>();
        Map<FileChannel, After> finishing = new LinkedHashMap<>();
        for (Pending p : pendings) {
            journal.writeBytes(p.journalRecord());
            for (Write w : p.writes()) {
                ByteArrayOutputStream copy = buffered.computeIfAbsent(w.channel(), c -> new ByteArrayOutputStream());
                copy.writeBytes(w.bytes());
                if (w.after() != After.LATER) {
                    finishing.merge(w.channel(), w.after(), (a, b) -> a == After.CLOSE ? a : b);
                } else if (copy.size() >= COPY_BUFFER_BYTES) {
                    fullBuffers.add(w.channel());
                }
            }
        }
        return new Batch(pendings, journal.toByteArray(), fullBuffers, finishing);
    }

    private void write(Batch batch) {
        try {
            finish(batch);
        } catch (IOException e) {
            stall(batch, e);
            return;
        }
        healed();
        batch.pendings.forEach(p -> p.done().complete(null));
    }

    private boolean finishStalled() {
        Batch batch = stalled;
        try {
            finish(batch);
        } catch (IOException e) {
            LOGGER.log(Level.FINE, "The System Tests journal still cannot be written", e);
            failure = e;
            return false;
        }
        stalled = null;
        healed();
        batch.pendings.forEach(p -> p.done().complete(null));
        return true;
    }

    /**
     * The journal gets one write and one force per batch; copies wait in memory (the journal has them) unless their
     * buffer is full or their file is to be forced now. Each step is done once: a batch finished again after a
     * failure goes on from the step that failed.
     */
    private void finish(Batch batch) throws IOException {
        busySince = System.nanoTime();
        busy = true;
        try {
            if (!batch.journalDurable) {
                if (batch.journal.length > 0) {
                    appendTo(segment, batch.journal, true);
                    segmentBytes += batch.journal.length;
                }
                batch.journalDurable = true;
            }
            for (FileChannel channel : batch.fullBuffers) {
                flushCopies(channel, false);
            }
            for (Map.Entry<FileChannel, After> finishing : batch.finishing.entrySet()) {
                FileChannel channel = finishing.getKey();
                if (channel.isOpen()) {
                    flushCopies(channel, true);
                    if (finishing.getValue() == After.CLOSE) {
                        channel.close();
                    }
                }
            }
        } finally {
            busy = false;
        }
    }

    private void stall(Batch batch, IOException e) {
        stalled = batch;
        failure = e;
        unwritable.complete(null);
        LOGGER.log(Level.SEVERE, "The System Tests journal could not be written (" + e.getMessage() + "); reports are "
                + "answered 503 until it can be, tried again every " + RETRY_MILLIS + " ms", e);
    }

    private void healed() {
        if (failure != null) {
            failure = null;
            unwritable = new CompletableFuture<>();
            LOGGER.log(Level.WARNING, "The System Tests journal is written again; reports are taken again");
        }
    }

    /** Closing while the disk still refuses: the kept and queued appends fail (they were answered 503 already). */
    private void abandon() {
        IOException closing = new IOException("The store closed before the disk took these records", failure);
        stalled.pendings.forEach(p -> p.done().completeExceptionally(closing));
        stalled = null;
        for (Pending p = queue.poll(); p != null; p = queue.poll()) {
            if (p != STOP) {
                p.done().completeExceptionally(closing);
            }
        }
    }

    /**
     * Appends bytes to a file (and forces it): first cuts off whatever an earlier failed write left at its end; when
     * this write fails, the file is marked to be cut back to its length before it. A force that fails marks it too:
     * after a failed {@code fsync} the bytes it was to force cannot be trusted, so they are written again.
     */
    private void appendTo(FileChannel channel, byte[] bytes, boolean force) throws IOException {
        Long tornAt = tornTails.get(channel);
        if (tornAt != null) {
            channel.truncate(tornAt);
            tornTails.remove(channel);
        }
        long before = channel.size();
        try {
            disk.write(channel, bytes);
            if (force) {
                disk.force(channel);
            }
        } catch (IOException e) {
            tornTails.put(channel, before);
            throw e;
        }
    }

    /** Writes a file's buffered copies (and forces the file); on failure they stay buffered for the next attempt. */
    private void flushCopies(FileChannel channel, boolean force) throws IOException {
        if (!channel.isOpen()) {
            // A forgotten run's log, closed with its build's directory: its copies have nowhere to go.
            buffered.remove(channel);
            dirty.remove(channel);
            return;
        }
        ByteArrayOutputStream copy = buffered.get(channel);
        if (copy != null && copy.size() > 0) {
            appendTo(channel, copy.toByteArray(), force);
            buffered.remove(channel);
        } else if (force) {
            disk.force(channel);
        } else {
            return;
        }
        if (force) {
            dirty.remove(channel);
        } else {
            dirty.add(channel);
        }
    }

    private void checkpointQuietly() {
        busySince = System.nanoTime();
        busy = true; // the journal waits meanwhile: a checkpoint that hangs is a hung disk too
        try {
            checkpoint();
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "A journal checkpoint failed; the journal is kept and replayed at start-up", e);
        } finally {
            busy = false;
        }
    }

    /** Forces every file written since the last checkpoint, then drops the journal segments that covered them. */
    private void checkpoint() throws IOException {
        if (stalled != null) {
            return;
        }
        for (FileChannel channel : List.copyOf(buffered.keySet())) {
            flushCopies(channel, false);
        }
        for (FileChannel channel : List.copyOf(dirty)) {
            if (channel.isOpen()) {
                disk.force(channel);
            }
            dirty.remove(channel);
        }
        // The next segment first: if it cannot be made, the current one stays in use and nothing is deleted.
        FileChannel next = openSegment(segmentNumber + 1);
        long covered = segmentNumber;
        segment.close();
        tornTails.remove(segment);
        segment = next;
        segmentNumber++;
        segmentBytes = 0;
        try (Stream<Path> files = Files.list(journalDir)) {
            for (Path old : files.filter(p -> segmentNumberOf(p) >= 0 && segmentNumberOf(p) <= covered).toList()) {
                Files.delete(old);
            }
        }
    }

    private FileChannel openSegment(long number) throws IOException {
        FileChannel channel = FileChannel.open(journalDir.resolve(String.format("%012d", number) + SEGMENT_SUFFIX),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        RunStore.forceDirectory(journalDir);
        return channel;
    }

    /** The number of a journal segment file, or -1 for any other file. */
    static long segmentNumberOf(Path file) {
        String name = String.valueOf(file.getFileName());
        if (!name.endsWith(SEGMENT_SUFFIX)) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(0, name.length() - SEGMENT_SUFFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        queue.add(STOP);
        synchronized (pause) {
            pause.notifyAll();
        }
        try {
            thread.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOGGER.log(Level.SEVERE, "The System Tests journal writer is stuck on the disk; closing without it");
        }
        segment.close();
    }
}
