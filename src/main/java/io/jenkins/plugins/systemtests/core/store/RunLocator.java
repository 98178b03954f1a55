package io.jenkins.plugins.systemtests.core.store;

import io.jenkins.plugins.systemtests.core.protocol.DryRun;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a new run's files go. Runs attached to a build live in that build's directory (the Jenkins layer knows where
 * that is); the others under the store's own root.
 */
public interface RunLocator {
    /**
     * The directory for a run attached to a build, or empty to keep it under the store's root.
     *
     * @throws RejectedException when the plan names a build that cannot be found
     */
    Optional<Path> directoryFor(long runId, DryRun plan) throws RejectedException;

    /** Told once a run's creation is durable ({@code durable}) or has failed. */
    default void settled(long runId, boolean durable) {
    }

    RunLocator STANDALONE = (runId, plan) -> Optional.empty();
}
