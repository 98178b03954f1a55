package io.jenkins.plugins.systemtests.core.support;

import io.jenkins.plugins.systemtests.core.store.StoreDisk;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The store's disk as a lab's controller may have it: working, full (a write gets half its bytes onto the file, as a
 * real short write does, then fails with {@code No space left on device}; a force fails too), or hanging (every write
 * and force waits until the disk works again). Switches take effect at the next write.
 */
public final class FaultyDisk implements StoreDisk {
    private enum State {
        WORKING, FULL, HANGING
    }

    private final Object gate = new Object();
    private volatile State state = State.WORKING;
    /** Writes still taken before the disk is full, after {@link #fillAfter}; -1: none pending. */
    private final AtomicInteger writesBeforeFull = new AtomicInteger(-1);
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();

    /** From the next write on, the disk is full. */
    public void fill() {
        state = State.FULL;
    }

    /** The next {@code writes} writes succeed, then the disk is full. */
    public void fillAfter(int writes) {
        writesBeforeFull.set(writes);
    }

    /** From the next write on, writes and forces wait until {@link #heal}. */
    public void hang() {
        state = State.HANGING;
    }

    /** Room again: writes succeed, and the hanging ones go on. */
    public void heal() {
        synchronized (gate) {
            writesBeforeFull.set(-1);
            state = State.WORKING;
            gate.notifyAll();
        }
    }

    /** How many writes and forces failed so far. */
    public int refused() {
        return refused.get();
    }

    /** How many writes or forces are hanging now. */
    public int waiting() {
        return waiting.get();
    }

    @Override
    public void write(FileChannel channel, byte[] bytes) throws IOException {
        if (writesBeforeFull.get() == 0) {
            writesBeforeFull.set(-1);
            state = State.FULL;
        } else if (writesBeforeFull.get() > 0) {
            writesBeforeFull.decrementAndGet();
        }
        waitWhileHanging();
        if (state == State.FULL) {
            refused.incrementAndGet();
            REAL.write(channel, Arrays.copyOf(bytes, bytes.length / 2));
            throw new IOException("No space left on device");
        }
        REAL.write(channel, bytes);
    }

    @Override
    public void force(FileChannel channel) throws IOException {
        waitWhileHanging();
        if (state == State.FULL) {
            refused.incrementAndGet();
            throw new IOException("No space left on device");
        }
        REAL.force(channel);
    }

    private void waitWhileHanging() throws IOException {
        synchronized (gate) {
            if (state != State.HANGING) {
                return;
            }
            waiting.incrementAndGet();
            try {
                while (state == State.HANGING) {
                    gate.wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while the disk hangs");
            } finally {
                waiting.decrementAndGet();
            }
        }
    }
}
