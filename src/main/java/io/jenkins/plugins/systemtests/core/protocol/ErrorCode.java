package io.jenkins.plugins.systemtests.core.protocol;

/** Why a request was refused, with the HTTP status it is answered with. */
public enum ErrorCode {
    MALFORMED_JSON(400),
    INVALID_FIELD(400),
    INVALID_TIMESTAMP(400),
    INVALID_REQUEST(400),
    UNAUTHENTICATED(401),
    FORBIDDEN(403),
    REPORTING_DISABLED(403),
    UNKNOWN_MACHINE(404),
    UNKNOWN_BUILD(404),
    NOT_FOUND(404),
    NO_MATCHING_TEST(409),
    FILE_EXISTS(409),
    NAME_TAKEN(409),
    NOT_INSTALLED(409),
    BODY_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    STORAGE_UNAVAILABLE(503);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
