package io.jenkins.plugins.systemtests.jenkins.results;

import hudson.Extension;
import hudson.model.Job;
import hudson.model.Run;
import io.jenkins.plugins.systemtests.core.protocol.DryRun;
import io.jenkins.plugins.systemtests.core.protocol.ErrorCode;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import io.jenkins.plugins.systemtests.core.store.BuildReference;
import io.jenkins.plugins.systemtests.core.store.RunLocator;
import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import jenkins.model.Jenkins;

/**
 * Puts a run whose DRY RUN names a build ({@code build_url}) into that build's directory, as seen by the reporting
 * user, and records it on the build ({@link BuildRuns}) once its creation is durable. An extension, so that the
 * plugin's store ({@code SystemTestsService}) finds it as a {@link RunLocator} without naming this package.
 */
@Extension
public final class BuildRunLocator implements RunLocator {
    /** Builds resolved in the reporting request, waiting for their run to become durable. */
    private final Map<Long, Run<?, ?>> resolved = new ConcurrentHashMap<>();

    @Override
    public Optional<Path> directoryFor(long runId, DryRun plan) throws RejectedException {
        if (plan.buildUrl() == null) {
            return Optional.empty();
        }
        BuildReference reference = BuildReference.parse(plan.buildUrl(), Jenkins.get().getRootUrl());
        Run<?, ?> build = find(reference);
        resolved.put(runId, build);
        return Optional.of(new File(new File(build.getRootDir(), "system-tests"), Long.toString(runId)).toPath());
    }

    private static Run<?, ?> find(BuildReference reference) throws RejectedException {
        Job<?, ?> job = ReportedBuilds.job(reference).orElseThrow(() -> new RejectedException(ErrorCode.UNKNOWN_BUILD,
                "build_url: no job '" + reference.jobFullName() + "' that this user can read"));
        Run<?, ?> build = job.getBuildByNumber(reference.number());
        if (build == null) {
            throw new RejectedException(ErrorCode.UNKNOWN_BUILD,
                    "build_url: job '" + reference.jobFullName() + "' has no build #" + reference.number());
        }
        return build;
    }

    @Override
    public void settled(long runId, boolean durable) {
        Run<?, ?> build = resolved.remove(runId);
        if (build != null && durable) {
            BuildRuns.attach(build, runId);
        }
    }
}
