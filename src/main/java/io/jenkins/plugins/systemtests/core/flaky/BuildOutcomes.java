package io.jenkins.plugins.systemtests.core.flaky;

import io.jenkins.plugins.systemtests.core.model.TestId;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.core.store.RunResults;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of each test in one build: read from the small results of its finished runs (never their logs), a test
 * that ran more than once rolled up as a scenario is ({@link TestStatus#rollUp}).
 *
 * @param buildNumber the build
 * @param outcomes    each test's outcome, in run order, by its {@link TestId} (so a build in another workspace
 *                    names its tests alike)
 */
public record BuildOutcomes(int buildNumber, Map<TestId, TestStatus> outcomes) {
    public BuildOutcomes {
        outcomes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
    }

    /** Whether the build has finished results to compare (a build whose runs are all ongoing or gone has none). */
    public boolean hasResults() {
        return !outcomes.isEmpty();
    }

    /** The outcomes of a build's runs; runs still going on or no longer kept are left out. */
    public static BuildOutcomes read(int buildNumber, List<Long> runIds, RunResults.Source source) {
        Map<TestId, List<TestStatus>> seen = new LinkedHashMap<>();
        Map<String, List<String>> plans = new HashMap<>();
        for (long runId : runIds) {
            Optional<RunResults> results = source.results(runId);
            if (results.isEmpty()) {
                continue;
            }
            List<String> keys = plans.computeIfAbsent(results.get().planHash(), hash -> {
                try {
                    return source.planKeys(hash);
                } catch (IOException e) {
                    return List.of();
                }
            });
            for (int i = 0; i < keys.size() && i < results.get().statuses().length(); i++) {
                seen.computeIfAbsent(TestId.ofKey(keys.get(i)), k -> new ArrayList<>(1)).add(results.get().status(i));
            }
        }
        Map<TestId, TestStatus> outcomes = new LinkedHashMap<>();
        seen.forEach((key, statuses) -> outcomes.put(key, TestStatus.rollUp(statuses)));
        return new BuildOutcomes(buildNumber, outcomes);
    }
}
