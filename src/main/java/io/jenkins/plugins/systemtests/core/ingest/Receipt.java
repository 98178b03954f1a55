package io.jenkins.plugins.systemtests.core.ingest;

import io.jenkins.plugins.systemtests.core.protocol.RejectedException;

/**
 * What became of one message, once it is durable: a plan created its run, a test event was applied (or recognised as
 * a retry of one already applied), or the message was refused and changed nothing. How that reads over HTTP is the
 * HTTP edge's business.
 */
public sealed interface Receipt {
    /** A DRY RUN created run {@code runId} of {@code tests} tests; {@code url} is where the run can be read. */
    record Created(long runId, String url, String machine, int tests) implements Receipt {
    }

    /** A TEST START or STOP was applied to run {@code runId}, or, when {@code duplicate}, had been already. */
    record Applied(long runId, boolean duplicate) implements Receipt {
    }

    /** The message was refused, for the reason given; nothing changed. */
    record Refused(RejectedException reason) implements Receipt {
    }
}
