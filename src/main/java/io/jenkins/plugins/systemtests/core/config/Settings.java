package io.jenkins.plugins.systemtests.core.config;

import java.time.Duration;
import java.util.Optional;

/**
 * The administrator's settings that the core obeys.
 *
 * @param reportingEnabled      whether testing machines may report at all
 * @param silenceTimeoutMinutes how long an ongoing run may stay silent before it is ended
 */
public record Settings(boolean reportingEnabled, int silenceTimeoutMinutes) {
    public static final Settings DEFAULTS = new Settings(true, 60);

    public Settings {
        validSilenceTimeout(silenceTimeoutMinutes);
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
