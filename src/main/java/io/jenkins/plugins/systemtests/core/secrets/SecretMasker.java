package io.jenkins.plugins.systemtests.core.secrets;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Replaces secret values with {@value #MASK} in text and in streamed output. Longer secrets are replaced first, so a
 * secret that contains another is hidden whole.
 */
public final class SecretMasker {
    public static final String MASK = "****";
    /** A line longer than this is written out in parts; the last secret-length bytes stay behind for the next part. */
    static final int MAX_PENDING = 64 * 1024;

    private final List<String> secrets;

    public SecretMasker(Collection<String> secrets) {
        this.secrets = secrets.stream().filter(Objects::nonNull).filter(s -> !s.isEmpty()).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    public boolean isEmpty() {
        return secrets.isEmpty();
    }

    public String mask(String text) {
        String masked = text;
        for (String secret : secrets) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }

    /**
     * A stream that masks what passes through it, line by line: a secret is never split between two writes to the
     * underlying stream. Closing it writes the last, unterminated line and leaves the underlying stream open, as that
     * is usually a build log that goes on.
     */
    public OutputStream wrap(OutputStream out) {
        return isEmpty() ? new UnclosedStream(out) : new MaskingStream(out);
    }

    /** Passes everything through; closing it only flushes, like {@link MaskingStream}, so the log goes on. */
    private static final class UnclosedStream extends FilterOutputStream {
        UnclosedStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    private int longestSecretChars() {
        return secrets.isEmpty() ? 0 : secrets.get(0).length();
    }

    private final class MaskingStream extends FilterOutputStream {
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        /** Characters kept back from a long line: enough to hold all but the last character of any secret. */
        private final int overlap = Math.max(0, longestSecretChars() - 1);
        private final int threshold = MAX_PENDING + 4 * overlap;

        MaskingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            pending.write(b);
            if (b == '\n') {
                byte[] line = pending.toByteArray();
                pending.reset();
                out.write(mask(new String(line, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
            } else if (pending.size() >= threshold) {
                emitLongLinePart();
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            for (int i = offset; i < offset + length; i++) {
                write(bytes[i]);
            }
        }

        /**
         * A very long line: write it masked but for its last {@code overlap} characters, which could be the start of a
         * secret that the next bytes complete; they stay pending, with any incomplete UTF-8 sequence at the end.
         */
        private void emitLongLinePart() throws IOException {
            byte[] all = pending.toByteArray();
            int complete = completeUtf8Length(all);
            String joined = mask(new String(all, 0, complete, StandardCharsets.UTF_8));
            int cut = Math.max(0, joined.length() - overlap);
            if (cut > 0 && Character.isHighSurrogate(joined.charAt(cut - 1))) {
                cut--;
            }
            pending.reset();
            out.write(joined.substring(0, cut).getBytes(StandardCharsets.UTF_8));
            pending.write(joined.substring(cut).getBytes(StandardCharsets.UTF_8));
            pending.write(all, complete, all.length - complete);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (pending.size() > 0) {
                out.write(mask(pending.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
                pending.reset();
            }
            out.flush();
        }
    }

    /** How many leading bytes form whole UTF-8 characters: a sequence cut short at the end is left out. */
    static int completeUtf8Length(byte[] bytes) {
        int start = bytes.length - 1;
        while (start > 0 && start > bytes.length - 4 && (bytes[start] & 0xC0) == 0x80) {
            start--;
        }
        if (start < 0) {
            return 0;
        }
        int lead = bytes[start] & 0xFF;
        int needed = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return bytes.length - start < needed ? start : bytes.length;
    }
}
