package io.jenkins.plugins.systemtests.jenkins.results;

import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.model.InvisibleAction;
import hudson.model.Run;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The record of the runs a build received, by id, kept in its {@code build.xml}: only the ids, since the runs live in
 * the store, in the build's directory. Shown by the build's System Tests page ({@link BuildRunsPage}).
 */
public class BuildRuns extends InvisibleAction {
    private static final Logger LOGGER = Logger.getLogger(BuildRuns.class.getName());

    /** The name this record had in {@code build.xml} before the Jenkins layer was cut by concern. */
    static final String FORMER_NAME = "io.jenkins.plugins.systemtests.jenkins.SystemTestsRunAction";

    private List<Long> runIds = new ArrayList<>();

    /**
     * The wait notice that builds written under {@link #FORMER_NAME} kept here; read so that their {@code build.xml}
     * loads without complaint, then dropped (the notice is {@code EnvironmentWaitNotice} now, and an old build no
     * longer waits).
     */
    @SuppressWarnings("unused")
    private String waitingFor;
    @SuppressWarnings("unused")
    private Long waitingSince;
    @SuppressWarnings("unused")
    private Integer waitingLimitMinutes;

    BuildRuns() {
    }

    /** Lets builds recorded under the former name load as this record. */
    @Initializer(before = InitMilestone.PLUGINS_STARTED)
    public static void readFormerName() {
        Run.XSTREAM2.addCompatibilityAlias(FORMER_NAME, BuildRuns.class);
    }

    /** Records a run on a build, adding the record with the build's first run, and saves the build. */
    static void attach(Run<?, ?> build, long runId) {
        synchronized (BuildRuns.class) {
            BuildRuns record = build.getAction(BuildRuns.class);
            if (record == null) {
                record = new BuildRuns();
                record.add(runId);
                build.addAction(record);
            } else {
                record.add(runId);
            }
        }
        try {
            build.save();
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Run " + runId + " could not be recorded on " + build.getExternalizableId(), e);
        }
    }

    private synchronized void add(long runId) {
        runIds.add(runId);
    }

    /** The build's runs, oldest first. */
    public synchronized List<Long> getRunIds() {
        return List.copyOf(runIds);
    }

    /** Fills in what an older or hand-edited build.xml lacks, and drops what only the former record had. */
    protected synchronized Object readResolve() {
        if (runIds == null) {
            runIds = new ArrayList<>();
        }
        waitingFor = null;
        waitingSince = null;
        waitingLimitMinutes = null;
        return this;
    }
}
