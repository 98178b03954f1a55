package io.jenkins.plugins.systemtests.core.runner;

import io.jenkins.plugins.systemtests.core.ingest.IngestionService;
import io.jenkins.plugins.systemtests.core.ingest.Receipt;
import io.jenkins.plugins.systemtests.core.protocol.ErrorCode;
import io.jenkins.plugins.systemtests.core.protocol.MessageKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Feeds what a build's runner writes to its events file into the ingestion service, as the file grows: the same
 * model and store as machines reporting over HTTP. Remembers the run the DRY RUN created.
 */
public final class BuildRunFeed {
    private final IngestionService service;
    private final EventsFollower follower = new EventsFollower();
    private final List<String> refusals = new ArrayList<>();
    private Long runId;
    private boolean storeBehind;

    public BuildRunFeed(IngestionService service) {
        this.service = service;
    }

    /**
     * Goes on feeding a run whose DRY RUN was already taken (after a controller restart), from where its events file
     * was read to: the plan is not taken again, so the run stays the one the build started.
     */
    public BuildRunFeed(IngestionService service, Long runId, long offset) {
        this.service = service;
        this.runId = runId;
        this.follower.skipTo(offset);
    }

    /** Where the next read of the events file starts. */
    public long offset() {
        return follower.offset();
    }

    /**
     * Takes the next bytes of the events file. A message the store cannot take now (its disk is full or hangs) stops
     * the feed before it: {@link #offset()} then points at that message, which the next read offers again, so no event
     * of a build's run is lost to a disk that recovers (what was taken before it is recognised as a retry). The test
     * events between plans go to the store together and wait for the disk once; a plan goes alone, so that its retry
     * comes before any of its tests started and is recognised as one.
     */
    public void accept(byte[] chunk, int length) {
        storeBehind = false;
        long taken = follower.offset();
        List<EventsFollower.Event> events = follower.accept(chunk, length);
        int next = 0;
        while (next < events.size()) {
            EventsFollower.Event first = events.get(next);
            if (first.kind() == MessageKind.DRY_RUN && runId != null) {
                taken = first.end();
                next++;
                continue; // the plan of a resumed run, read again: the run exists
            }
            int end = next + 1;
            while (first.kind() != MessageKind.DRY_RUN && end < events.size()
                    && events.get(end).kind() != MessageKind.DRY_RUN) {
                end++;
            }
            List<EventsFollower.Event> group = events.subList(next, end);
            List<Receipt> receipts = service.receiveAllFromBuild(group.stream()
                    .map(event -> Map.entry(event.kind(), event.message())).toList());
            for (int i = 0; i < group.size(); i++) {
                Receipt receipt = receipts.get(i);
                if (receipt instanceof Receipt.Refused refused
                        && refused.reason().errorCode() == ErrorCode.STORAGE_UNAVAILABLE) {
                    follower.skipTo(taken);
                    storeBehind = true;
                    return;
                }
                if (receipt instanceof Receipt.Created created) {
                    runId = created.runId();
                } else if (receipt instanceof Receipt.Refused refused) {
                    refusals.add(group.get(i).kind().apiName() + ": " + refused.reason().getMessage());
                }
                taken = group.get(i).end();
            }
            next = end;
        }
    }

    /** Whether the last read stopped at a message the store could not take yet (to be offered again). */
    public boolean storeBehind() {
        return storeBehind;
    }

    /** The run of this build, once its DRY RUN has been taken. */
    public Optional<Long> runId() {
        return Optional.ofNullable(runId);
    }

    /** Messages the service refused (none, unless the runner and the plugin disagree). */
    public List<String> refusals() {
        return List.copyOf(refusals);
    }
}
