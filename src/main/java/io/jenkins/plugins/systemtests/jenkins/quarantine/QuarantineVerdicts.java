package io.jenkins.plugins.systemtests.jenkins.quarantine;

import hudson.model.Run;
import io.jenkins.plugins.systemtests.core.flaky.Quarantine;
import io.jenkins.plugins.systemtests.core.flaky.QuarantinedVerdict;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.model.TestId;
import io.jenkins.plugins.systemtests.core.runner.RunSettings;
import io.jenkins.plugins.systemtests.core.runner.Verdict;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The verdict on a finished run with its job's quarantine applied, for both steps (Pipeline, freestyle and the
 * {@code systemTests} DSL all end in {@code JenkinsBuildRun.poll}): the quarantined tests' failures are said in the log
 * and recorded on the build ({@link QuarantinedFailures}), and left out of the verdict.
 */
@Restricted(NoExternalUse.class)
public final class QuarantineVerdicts {
    private QuarantineVerdicts() {
    }

    /** The tests the build's job quarantines now, for the runner to mark their failures in the JUnit XML. */
    public static List<String> activeTestIds(Run<?, ?> build) {
        Instant now = Instant.now();
        return Quarantines.of(build.getParent()).entries().stream().filter(e -> e.isActive(now))
                .map(e -> e.testId()).toList();
    }

    /** The verdict to give the build; the run's own verdict when its job quarantines nothing. */
    public static Verdict decide(Run<?, ?> build, long runId, RunSummary summary, Verdict verdict,
            RunSettings settings, PrintStream log) throws IOException {
        Quarantine quarantine = Quarantines.of(build.getParent());
        if (quarantine.entries().isEmpty() || verdict.result() == Verdict.Result.SUCCESS) {
            return verdict;
        }
        List<QuarantinedVerdict.Outcome> outcomes = SystemTestsService.get().reader().read(runId, run -> {
            List<QuarantinedVerdict.Outcome> list = new ArrayList<>();
            for (int i = 0; i < run.testCount(); i++) {
                if (run.status(i).isFailure() || settings.unstableOn().contains(run.status(i))
                        || settings.failureOn().contains(run.status(i))) {
                    list.add(new QuarantinedVerdict.Outcome(TestId.of(run, i).name(), run.status(i)));
                }
            }
            return list;
        }).orElse(List.of());
        QuarantinedVerdict decided = QuarantinedVerdict.of(summary.counts(), outcomes, quarantine,
                settings.unstableOn(), settings.failureOn(), Instant.now());
        if (!decided.quarantined().isEmpty()) {
            for (QuarantinedVerdict.Ignored ignored : decided.quarantined()) {
                log.println("System Tests: " + ignored.testId() + " " + ignored.status().wireName()
                        + ", but it is quarantined (owner " + ignored.entry().owner() + ", until "
                        + ignored.entry().expires() + ": " + ignored.entry().reason()
                        + "); it does not decide the build's result");
            }
            QuarantinedFailures.record(build, runId, decided.quarantined());
        }
        return decided.verdict();
    }
}
