package io.jenkins.plugins.systemtests.core.ingest;

import io.jenkins.plugins.systemtests.core.protocol.ErrorCode;
import io.jenkins.plugins.systemtests.core.protocol.JsonBodies;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Reads a request body without ever holding more than the cap, and checks its content type. */
public final class BoundedBody {
    /** 1 MiB, as lockable-resources' remote API. */
    public static final int MAX_BYTES = 1024 * 1024;
    /**
     * What a gzip body (within {@link #MAX_BYTES} on the wire) may inflate to: a DRY RUN of many thousands of tests
     * is sent compressed (see docs/api.md).
     */
    public static final int MAX_INFLATED_BYTES = 16 * 1024 * 1024;

    private BoundedBody() {
    }

    /**
     * @param declaredLength the Content-Length header, or -1 when absent
     * @throws RejectedException 413 when the body is larger than {@code maxBytes}
     */
    public static byte[] read(InputStream in, long declaredLength, int maxBytes) throws RejectedException, IOException {
        if (declaredLength > maxBytes) {
            throw tooLarge(maxBytes);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(0, Math.min(declaredLength, maxBytes)));
        byte[] buffer = new byte[16 * 1024];
        int total = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            total += n;
            if (total > maxBytes) {
                throw tooLarge(maxBytes);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * Reads a body sent with the given {@code Content-Encoding}: none (or {@code identity}) within {@code maxBytes},
     * or {@code gzip} within {@code maxBytes} on the wire and {@link #MAX_INFLATED_BYTES} inflated.
     *
     * @throws RejectedException 413 past either cap, 400 for a broken gzip stream, 415 for another encoding
     */
    public static byte[] read(InputStream in, long declaredLength, int maxBytes, String contentEncoding)
            throws RejectedException, IOException {
        String encoding = contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        if (encoding.isEmpty() || encoding.equals("identity")) {
            return read(in, declaredLength, maxBytes);
        }
        if (!encoding.equals("gzip") && !encoding.equals("x-gzip")) {
            throw new RejectedException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Encoding " + JsonBodies.quoted(contentEncoding) + " is not supported; send the body as is "
                            + "or with gzip");
        }
        byte[] compressed = read(in, declaredLength, maxBytes);
        try (InputStream inflated = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            try {
                return read(inflated, -1, MAX_INFLATED_BYTES);
            } catch (RejectedException e) {
                throw new RejectedException(ErrorCode.BODY_TOO_LARGE,
                        "The gzip body inflates to more than " + MAX_INFLATED_BYTES + " bytes");
            }
        } catch (ZipException | EOFException e) {
            throw new RejectedException(ErrorCode.MALFORMED_JSON,
                    "The body is not a complete gzip stream, as its Content-Encoding says");
        }
    }

    private static RejectedException tooLarge(int maxBytes) {
        return new RejectedException(ErrorCode.BODY_TOO_LARGE, "The body is larger than " + maxBytes + " bytes");
    }

    /** Accepts {@code application/json} with any parameters (charset must be UTF-8 when given). */
    public static void requireJson(String contentType) throws RejectedException {
        if (contentType == null) {
            throw new RejectedException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "Send the message with Content-Type: application/json");
        }
        String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
        if (!parts[0].trim().equals("application/json")) {
            throw new RejectedException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must be application/json, not " + JsonBodies.quoted(parts[0].trim()));
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].trim().split("=", 2);
            if (parameter[0].equals("charset") && parameter.length == 2
                    && !parameter[1].replace("\"", "").trim().equals("utf-8")) {
                throw new RejectedException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "The body must be UTF-8");
            }
        }
    }
}
