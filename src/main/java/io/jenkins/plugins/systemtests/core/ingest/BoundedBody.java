package io.jenkins.plugins.systemtests.core.ingest;

import io.jenkins.plugins.systemtests.core.protocol.ErrorCode;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/** Reads a request body without ever holding more than the cap, and checks its content type. */
public final class BoundedBody {
    /** 1 MiB, as lockable-resources' remote API. */
    public static final int MAX_BYTES = 1024 * 1024;

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
                    "Content-Type must be application/json, not '" + parts[0].trim() + "'");
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
