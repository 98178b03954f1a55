package io.jenkins.plugins.systemtests.core.protocol;

import java.util.Arrays;
import java.util.Optional;

/** The three messages, with the path segment of each in the v1 API and in the original {@code tm_api}. */
public enum MessageKind {
    DRY_RUN("dry-run", "dry_run"),
    TEST_START("test-start", "test_start"),
    TEST_STOP("test-stop", "test_stop");

    private final String apiName;
    private final String legacyName;

    MessageKind(String apiName, String legacyName) {
        this.apiName = apiName;
        this.legacyName = legacyName;
    }

    public String apiName() {
        return apiName;
    }

    /** The kind named by a path segment of either API. */
    public static Optional<MessageKind> fromPathSegment(String segment) {
        return Arrays.stream(values())
                .filter(k -> k.apiName.equals(segment) || k.legacyName.equals(segment))
                .findFirst();
    }
}
