package io.jenkins.plugins.systemtests.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The store's writes to its files and the forces that make them durable: the journal, the runs' logs, the index and
 * the summaries all go through here. Production uses {@link #REAL}; a test puts in its place a disk that fails
 * ({@code No space left on device}) or hangs, to show what reporting does when the controller's disk does, without
 * filling a real one.
 */
public interface StoreDisk {
    /** Writes all of {@code bytes} at the channel's position; may have written part of them when it throws. */
    void write(FileChannel channel, byte[] bytes) throws IOException;

    /** Forces the channel's content (not its metadata) to the device. */
    void force(FileChannel channel) throws IOException;

    /** The operating system's disk. */
    StoreDisk REAL = new StoreDisk() {
        @Override
        public void write(FileChannel channel, byte[] bytes) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }

        @Override
        public void force(FileChannel channel) throws IOException {
            channel.force(false);
        }

        @Override
        public String toString() {
            return "the real disk";
        }
    };
}
