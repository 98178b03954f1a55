package io.jenkins.plugins.systemtests.core.store;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Write-ahead journal with group commit. One thread takes everything queued since its last flush, appends each
 * record to the journal and to the files it belongs to (a run's log, the index), forces the journal once, and only
 * then completes the appends' futures: many concurrent appends share one {@code fsync}, whatever files they touch.
 * The other files are forced at checkpoints, after which the journal segments before the checkpoint are deleted.
 */
final class GroupCommitWriter implements Closeable {
    private static final Logger LOGGER = Logger.getLogger(GroupCommitWriter.class.getName());
    private static final int MAX_BATCH = 8192;
    static final String SEGMENT_SUFFIX = ".wal";

    /**
     * A copy of the record for another file (a run's log, the index). Copies are buffered and written in bulk, at
     * the latest at the next checkpoint; {@code last} flushes, forces and closes the file right after this record.
     */
    record Write(FileChannel channel, byte[] bytes, boolean last) {
        Write(FileChannel channel, byte[] bytes) {
            this(channel, bytes, false);
        }
    }

    /** Buffered copies are written out once a file has this many bytes waiting. */
    private static final int COPY_BUFFER_BYTES = 256 * 1024;

    private record Pending(byte[] journalRecord, List<Write> writes, CompletableFuture<Void> done) {
    }

    private static final Pending STOP = new Pending(null, null, null);

    private final Path journalDir;
    private final long checkpointBytes;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Set<FileChannel> dirty = new LinkedHashSet<>();
    private final Map<FileChannel, ByteArrayOutputStream> buffered = new LinkedHashMap<>();
    private final Thread thread;
    private FileChannel segment;
    private long segmentNumber;
    private long segmentBytes;
    private volatile IOException failure;
    private volatile boolean closed;

    /** Starts writing a new segment after {@code lastSegment}; older segments go at the first checkpoint. */
    GroupCommitWriter(Path journalDir, long lastSegment, long checkpointBytes) throws IOException {
        this.journalDir = journalDir;
        this.checkpointBytes = checkpointBytes;
        this.segmentNumber = lastSegment;
        openNextSegment();
        thread = new Thread(this::run, "system-tests-journal");
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether appends can still be made durable: false after a failed write, or once closed. */
    boolean isWritable() {
        return failure == null && !closed;
    }

    /** Queues a record; the future completes once it is durable in the journal, or fails if it cannot be. */
    CompletableFuture<Void> append(byte[] journalRecord, Write... writes) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (failure != null) {
            done.completeExceptionally(failure);
        } else if (closed) {
            done.completeExceptionally(new IOException("The store is closed"));
        } else {
            queue.add(new Pending(journalRecord, List.of(writes), done));
        }
        return done;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        try {
            while (true) {
                batch.add(queue.take());
                queue.drainTo(batch, MAX_BATCH - 1);
                boolean stop = batch.remove(STOP);
                writeBatch(batch);
                batch.clear();
                if (stop) {
                    checkpointQuietly();
                    return;
                }
                if (segmentBytes >= checkpointBytes) {
                    checkpointQuietly();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeBatch(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            if (failure != null) {
                throw failure;
            }
            // The journal gets one write and one force per batch; copies wait in memory (the journal has them).
            ByteArrayOutputStream journal = new ByteArrayOutputStream();
            List<FileChannel> closing = new ArrayList<>();
            for (Pending p : batch) {
                journal.write(p.journalRecord());
                for (Write w : p.writes()) {
                    ByteArrayOutputStream copy = buffered.computeIfAbsent(w.channel(), c -> new ByteArrayOutputStream());
                    copy.write(w.bytes());
                    if (w.last()) {
                        closing.add(w.channel());
                    } else if (copy.size() >= COPY_BUFFER_BYTES) {
                        writeBuffered(w.channel());
                    }
                }
            }
            RecordFile.writeFully(segment, journal.toByteArray());
            segmentBytes += journal.size();
            segment.force(false);
            for (FileChannel channel : closing) {
                writeBuffered(channel);
                channel.force(false);
                channel.close();
                dirty.remove(channel);
            }
        } catch (IOException e) {
            // After a failed write the files' tails are unknown: refuse everything from now on, loudly.
            failure = e;
            LOGGER.log(Level.SEVERE, "The System Tests journal could not be written; reports are refused", e);
            batch.forEach(p -> p.done().completeExceptionally(e));
            return;
        }
        batch.forEach(p -> p.done().complete(null));
    }

    private void writeBuffered(FileChannel channel) throws IOException {
        ByteArrayOutputStream copy = buffered.remove(channel);
        if (copy != null && copy.size() > 0) {
            RecordFile.writeFully(channel, copy.toByteArray());
            dirty.add(channel);
        }
    }

    private void checkpointQuietly() {
        try {
            checkpoint();
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "A journal checkpoint failed; the journal is kept and replayed at start-up", e);
        }
    }

    /** Forces every file written since the last checkpoint, then drops the journal segments that covered them. */
    private void checkpoint() throws IOException {
        if (failure != null) {
            return;
        }
        for (FileChannel channel : List.copyOf(buffered.keySet())) {
            writeBuffered(channel);
        }
        for (FileChannel channel : dirty) {
            if (channel.isOpen()) {
                channel.force(false);
            }
        }
        dirty.clear();
        long covered = segmentNumber;
        segment.close();
        openNextSegment();
        try (Stream<Path> files = Files.list(journalDir)) {
            for (Path old : files.filter(p -> segmentNumberOf(p) >= 0 && segmentNumberOf(p) <= covered).toList()) {
                Files.delete(old);
            }
        }
    }

    private void openNextSegment() throws IOException {
        segmentNumber++;
        segment = FileChannel.open(journalDir.resolve(String.format("%012d", segmentNumber) + SEGMENT_SUFFIX),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        segmentBytes = 0;
        RunStore.forceDirectory(journalDir);
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
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        segment.close();
    }
}
