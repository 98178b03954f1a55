package io.jenkins.plugins.systemtests.core.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Appends records to files and completes each append's future only once the record is on disk. One thread writes
 * whatever has queued up since its last flush and forces every touched file once, so many concurrent appends share
 * one {@code fsync}: throughput grows with concurrency while each answer still waits for durability.
 */
final class GroupCommitWriter implements Closeable {
    private static final int MAX_BATCH = 8192;

    private record Pending(FileChannel channel, byte[] record, CompletableFuture<Void> done) {
    }

    private static final Pending STOP = new Pending(null, null, null);

    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile IOException failure;
    private volatile boolean closed;

    GroupCommitWriter(String name) {
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a framed record; the future completes when it is durable, or fails if it cannot be. */
    CompletableFuture<Void> append(FileChannel channel, byte[] record) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (failure != null) {
            done.completeExceptionally(failure);
        } else if (closed) {
            done.completeExceptionally(new IOException("The store is closed"));
        } else {
            queue.add(new Pending(channel, record, done));
        }
        return done;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        try {
            while (true) {
                Pending first = queue.take();
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                boolean stop = batch.remove(STOP);
                writeAndForce(batch);
                batch.clear();
                if (stop) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeAndForce(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Set<FileChannel> touched = new LinkedHashSet<>();
        try {
            if (failure != null) {
                throw failure;
            }
            for (Pending p : batch) {
                RecordFile.writeFully(p.channel(), p.record());
                touched.add(p.channel());
            }
            for (FileChannel channel : touched) {
                channel.force(false);
            }
            batch.forEach(p -> p.done().complete(null));
        } catch (IOException e) {
            // After a failed write the files' tails are unknown: refuse everything from now on, loudly.
            failure = e;
            batch.forEach(p -> p.done().completeExceptionally(e));
        }
    }

    @Override
    public void close() {
        closed = true;
        queue.add(STOP);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
