package io.jenkins.plugins.systemtests.core.model;

/** Why a run ended before all of its tests reported a result. */
public enum EndReason {
    /** A new DRY RUN came from the same machine. */
    SUPERSEDED,
    /** The machine sent nothing for longer than the silence timeout. */
    SILENT,
    /** The build that ran it was aborted. */
    ABORTED,
    /** The controller or runner stopped before the run could finish. */
    INTERRUPTED
}
