package io.jenkins.plugins.systemtests.core.config;

import java.time.Duration;
import java.util.Optional;

/**
 * The administrator's settings that the core obeys.
 *
 * @param reportingEnabled      whether testing machines may report at all
 * @param silenceTimeoutMinutes how long an ongoing run may stay silent before it is ended
 * @param keepRunsDays          how many days a finished run that belongs to no build is kept (0: no limit)
 * @param keepRunsPerMachine    how many finished runs without a build are kept per machine, newest first (0: all)
 */
public record Settings(boolean reportingEnabled, int silenceTimeoutMinutes, int keepRunsDays, int keepRunsPerMachine) {
    public static final int DEFAULT_KEEP_RUNS_DAYS = 30;
    public static final int DEFAULT_KEEP_RUNS_PER_MACHINE = 200;
    public static final Settings DEFAULTS = new Settings(true, 60);

    public Settings {
        validSilenceTimeout(silenceTimeoutMinutes);
        validKeep(keepRunsDays, "days");
        validKeep(keepRunsPerMachine, "runs per machine");
    }

    public Settings(boolean reportingEnabled, int silenceTimeoutMinutes) {
        this(reportingEnabled, silenceTimeoutMinutes, DEFAULT_KEEP_RUNS_DAYS, DEFAULT_KEEP_RUNS_PER_MACHINE);
    }

    /** @throws IllegalArgumentException for a negative count (0 means no limit) */
    public static int validKeep(int count, String what) {
        if (count < 0) {
            throw new IllegalArgumentException("Keep " + what + " must be 0 (no limit) or more, not " + count);
        }
        return count;
    }

    public Duration silenceTimeout() {
        return Duration.ofMinutes(silenceTimeoutMinutes);
    }

    /** @throws IllegalArgumentException unless the timeout is at least one minute */
    public static int validSilenceTimeout(int minutes) {
        if (minutes < 1) {
            throw new IllegalArgumentException("The silence timeout must be at least 1 minute, not " + minutes);
        }
        return minutes;
    }

    /** The timeout typed into a form, if it is a whole number of minutes of at least one. */
    public static Optional<Integer> parseSilenceTimeout(String text) {
        try {
            int minutes = Integer.parseInt(text == null ? "" : text.trim());
            return minutes >= 1 ? Optional.of(minutes) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
