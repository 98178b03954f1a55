package io.jenkins.plugins.systemtests.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * An append-only file of records, one a line: {@code <crc32c as 8 hex digits> <payload>\n}. The payload is JSON,
 * which never holds a raw newline. A crash can leave a torn last record; {@link #readAndRepair} keeps every whole
 * record before it and cuts the file there.
 */
final class RecordFile {
    private static final HexFormat HEX = HexFormat.of();

    private RecordFile() {
    }

    static byte[] frame(byte[] payload) {
        byte[] record = new byte[payload.length + 10];
        byte[] crc = HEX.formatHex(toBytes(crc(payload, 0, payload.length))).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(crc, 0, record, 0, 8);
        record[8] = ' ';
        System.arraycopy(payload, 0, record, 9, payload.length);
        record[record.length - 1] = '\n';
        return record;
    }

    /** The payloads of the whole records of a file; a torn or corrupt tail is cut off the file. */
    static List<byte[]> readAndRepair(Path file) throws IOException {
        List<byte[]> payloads = new ArrayList<>();
        if (!Files.exists(file)) {
            return payloads;
        }
        byte[] bytes = Files.readAllBytes(file);
        int position = 0;
        while (position < bytes.length) {
            int end = indexOf(bytes, (byte) '\n', position);
            if (end < 0 || end - position < 9 || bytes[position + 8] != ' ') {
                break;
            }
            long expected;
            try {
                expected = Long.parseLong(new String(bytes, position, 8, StandardCharsets.US_ASCII), 16);
            } catch (NumberFormatException e) {
                break;
            }
            int payloadStart = position + 9;
            if (crc(bytes, payloadStart, end - payloadStart) != expected) {
                break;
            }
            byte[] payload = new byte[end - payloadStart];
            System.arraycopy(bytes, payloadStart, payload, 0, payload.length);
            payloads.add(payload);
            position = end + 1;
        }
        if (position < bytes.length) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(position);
                channel.force(true);
            }
        }
        return payloads;
    }

    static void writeFully(FileChannel channel, byte[] record) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(record);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static long crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return crc.getValue();
    }

    private static byte[] toBytes(long crc) {
        return new byte[] {(byte) (crc >>> 24), (byte) (crc >>> 16), (byte) (crc >>> 8), (byte) crc};
    }

    private static int indexOf(byte[] bytes, byte value, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
