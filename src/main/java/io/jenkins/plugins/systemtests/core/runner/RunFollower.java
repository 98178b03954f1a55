package io.jenkins.plugins.systemtests.core.runner;

import io.jenkins.plugins.systemtests.core.ingest.IngestionService;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Follows a build's runner that runs detached on the agent: it writes its console to one file, its events to another
 * and, when it ends, its exit code to a third. Each {@link #poll} takes what was added since the last one: the
 * console's whole lines for the build log, the events for the store. All the follower knows is two offsets and the
 * run's id, so it can be saved with the build and go on after a controller restart, reading from where it was.
 */
public final class RunFollower implements Serializable {
    private static final long serialVersionUID = 1L;
    /** At most this much of each file is read per poll, so a chatty run cannot hold a poll up. */
    static final int MAX_READ_BYTES = 1024 * 1024;
    /** The longest event line read whole. */
    static final int MAX_EVENT_BYTES = 256 * 1024 * 1024;

    /** The agent side: the run's files, by role. */
    public interface RunFiles {
        /** Up to {@code max} bytes of the file from {@code offset}; none while the file does not exist yet. */
        byte[] read(RunFile file, long offset, int max) throws IOException, InterruptedException;

        /** The runner's exit code, once it has ended. */
        Optional<Integer> exitCode() throws IOException, InterruptedException;
    }

    /** The files a detached runner writes. */
    public enum RunFile {
        CONSOLE, EVENTS
    }

    private Long runId;
    private long eventsOffset;
    private long consoleOffset;
    private final List<String> refusals = new ArrayList<>();
    /** The last read stopped at an event the store could not take yet: the run is not taken whole. */
    private boolean storeBehind;

    /**
     * Takes what the runner added since the last poll.
     *
     * @return the exit code once the runner has ended and everything it wrote has been taken; empty while it runs
     */
    public Optional<Integer> poll(RunFiles files, IngestionService service, Consumer<String> console)
            throws IOException, InterruptedException {
        // The exit code first: what the runner wrote before it ended is then surely read below.
        Optional<Integer> exitCode = files.exitCode();
        take(files, service, console, exitCode.isPresent());
        // Not ended for the build while events wait for the store: the files stay until they are taken.
        return storeBehind ? Optional.empty() : exitCode;
    }

    /**
     * Takes everything the runner wrote, to the end of its files: for a runner that ended without an exit code (its
     * machine restarted, or it was killed), whose files will not grow any more.
     */
    public void drain(RunFiles files, IngestionService service, Consumer<String> console)
            throws IOException, InterruptedException {
        take(files, service, console, true);
    }

    private void take(RunFiles files, IngestionService service, Consumer<String> console, boolean ended)
            throws IOException, InterruptedException {
        boolean more;
        do {
            more = takeConsole(files, console, ended) | takeEvents(files, service);
        } while (ended && more);
    }

    private boolean takeConsole(RunFiles files, Consumer<String> console, boolean ended)
            throws IOException, InterruptedException {
        byte[] bytes = files.read(RunFile.CONSOLE, consoleOffset, MAX_READ_BYTES);
        // Whole lines only while the runner runs: a secret is masked line by line, and never cut in two (unless one
        // line is longer than a whole read).
        int length = ended || bytes.length == MAX_READ_BYTES && lastLineEnd(bytes) == 0 ? bytes.length
                : lastLineEnd(bytes);
        if (length == 0) {
            return false;
        }
        console.accept(new String(bytes, 0, length, StandardCharsets.UTF_8));
        consoleOffset += length;
        return length == MAX_READ_BYTES; // a full read: there may be more
    }

    private boolean takeEvents(RunFiles files, IngestionService service) throws IOException, InterruptedException {
        // An event is one line, which can be longer than a read (the plan of a large suite): read on until it ends.
        byte[] bytes = files.read(RunFile.EVENTS, eventsOffset, MAX_READ_BYTES);
        for (int max = MAX_READ_BYTES * 2; lastLineEnd(bytes) == 0 && bytes.length == max / 2 && max <= MAX_EVENT_BYTES;
                max *= 2) {
            bytes = files.read(RunFile.EVENTS, eventsOffset, max);
        }
        int length = lastLineEnd(bytes);
        storeBehind = false;
        if (length == 0) {
            return false;
        }
        BuildRunFeed feed = new BuildRunFeed(service, runId, eventsOffset);
        feed.accept(bytes, length);
        runId = feed.runId().orElse(null);
        refusals.addAll(feed.refusals());
        eventsOffset = feed.offset();
        storeBehind = feed.storeBehind();
        return !storeBehind && bytes.length >= MAX_READ_BYTES;
    }

    private static int lastLineEnd(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }

    /**
     * Takes the run another runner's DRY RUN created, when several runners share one plan: this runner's own DRY RUN
     * is then passed over, and its tests' messages go to that run.
     */
    public void adopt(Long sharedRunId) {
        if (runId == null && sharedRunId != null) {
            runId = sharedRunId;
        }
    }

    /** Whether events the runner wrote wait for the store (its disk full or hung) and are to be taken again. */
    public boolean storeBehind() {
        return storeBehind;
    }

    /** The run the runner's DRY RUN created, once it has been taken. */
    public Optional<Long> runId() {
        return Optional.ofNullable(runId);
    }

    /** How far the events file has been taken. */
    public long eventsOffset() {
        return eventsOffset;
    }

    /** Messages the store refused (none, unless the runner and the plugin disagree). */
    public List<String> refusals() {
        return List.copyOf(refusals);
    }
}
