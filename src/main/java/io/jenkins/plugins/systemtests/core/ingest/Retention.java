package io.jenkins.plugins.systemtests.core.ingest;

import io.jenkins.plugins.systemtests.core.config.Settings;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which runs a retention policy removes: finished runs that belong to no build (a build's runs go with the build),
 * older than the days to keep, or beyond the newest runs to keep of their machine. Ongoing runs are never removed.
 */
public final class Retention {
    private Retention() {
    }

    /** The ids of the runs to remove now, oldest first. */
    public static List<Long> expired(Collection<RunSummary> runs, Settings settings, Instant now) {
        Instant oldest = settings.keepRunsDays() == 0 ? Instant.MIN
                : now.minus(Duration.ofDays(settings.keepRunsDays()));
        Map<String, List<RunSummary>> byMachine = new HashMap<>();
        for (RunSummary run : runs) {
            if (run.buildUrl() == null && !run.ongoing()) {
                byMachine.computeIfAbsent(run.machineName(), m -> new ArrayList<>()).add(run);
            }
        }
        List<Long> expired = new ArrayList<>();
        for (List<RunSummary> machineRuns : byMachine.values()) {
            machineRuns.sort(Comparator.comparingLong(RunSummary::id).reversed()); // newest first
            for (int i = 0; i < machineRuns.size(); i++) {
                RunSummary run = machineRuns.get(i);
                boolean beyondCount = settings.keepRunsPerMachine() > 0 && i >= settings.keepRunsPerMachine();
                if (beyondCount || run.lastActivity().isBefore(oldest)) {
                    expired.add(run.id());
                }
            }
        }
        expired.sort(null);
        return expired;
    }
}
