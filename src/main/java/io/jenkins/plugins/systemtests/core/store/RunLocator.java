package io.jenkins.plugins.systemtests.core.store;

import io.jenkins.plugins.systemtests.core.protocol.DryRun;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a new run's files go. Runs attached to a build live in that build's directory (the Jenkins layer knows where
 * that is); the others under the store's own root.
 */
@FunctionalInterface
public interface RunLocator {
    /** The directory for a run attached to a build, or empty to keep it under the store's root. */
    Optional<Path> directoryFor(long runId, DryRun plan);

    RunLocator STANDALONE = (runId, plan) -> Optional.empty();
}
