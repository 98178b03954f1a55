package io.jenkins.plugins.systemtests.core.protocol;

/** A request that is refused with a clear client-facing message; nothing was changed. */
public class RejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorCode errorCode;

    public RejectedException(ErrorCode errorCode, String message) {
        super(message, null, false, false);
        this.errorCode = errorCode;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }
}
