package io.jenkins.plugins.systemtests.core.env;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * A build waiting for a test environment: since when, until when at most, and how to say so to the user. The
 * holder's description (who holds the environment, since when) comes from the lock's owner, lockable-resources.
 */
public record EnvironmentWait(TestEnvironment environment, Instant since, Optional<Duration> limit) {
    public static final int MAX_WAIT_MINUTES = 7 * 24 * 60;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    /**
     * @param waitTimeoutMinutes 0 or less: wait as long as it takes
     * @throws IllegalArgumentException when the limit is beyond a week
     */
    public static EnvironmentWait start(TestEnvironment environment, Instant now, int waitTimeoutMinutes) {
        return new EnvironmentWait(environment, now, limit(waitTimeoutMinutes));
    }

    public static Optional<Duration> limit(int waitTimeoutMinutes) {
        if (waitTimeoutMinutes > MAX_WAIT_MINUTES) {
            throw new IllegalArgumentException("The wait timeout must be at most " + MAX_WAIT_MINUTES + " minutes (a "
                    + "week); 0 waits as long as it takes");
        }
        return waitTimeoutMinutes <= 0 ? Optional.empty() : Optional.of(Duration.ofMinutes(waitTimeoutMinutes));
    }

    public Optional<Instant> deadline() {
        return limit.map(since::plus);
    }

    /** How long until the wait gives up; zero once it is over; empty without a limit. */
    public Optional<Duration> remaining(Instant now) {
        return deadline().map(d -> now.isBefore(d) ? Duration.between(now, d) : Duration.ZERO);
    }

    public boolean isOver(Instant now) {
        return remaining(now).map(Duration::isZero).orElse(false);
    }

    /**
     * What the console and the build page say while the build waits.
     *
     * @param holder lockable-resources' description of who holds the environment and since when; null when it is
     *     free at this instant (the build is about to get it)
     */
    public String describe(String holder, Instant now, ZoneId zone) {
        StringBuilder text = new StringBuilder("Waiting for test environment ").append(environment.id()).append(" (")
                .append(environment.resourceName()).append(") since ").append(clock(since, zone))
                .append(", ").append(human(Duration.between(since, now))).append(" so far");
        text.append(holder == null ? "; it is free now" : "; " + holder);
        deadline().ifPresent(d -> text.append("; gives up at ").append(clock(d, zone)));
        return text.toString();
    }

    /** Why the build failed when the wait ran out. */
    public String timedOut(String holder) {
        return "Gave up waiting for test environment " + environment.id() + " (" + environment.resourceName()
                + ") after " + human(limit.orElse(Duration.ZERO)) + (holder == null ? "" : ": " + holder)
                + ". Raise waitTimeoutMinutes, or free the environment on the Lockable Resources page.";
    }

    public String acquired(Instant now) {
        return "Got test environment " + environment.id() + " (" + environment.resourceName() + ") after "
                + human(Duration.between(since, now)) + " of waiting";
    }

    /** A moment as the waiting messages give it: {@code 2026-11-22 10:30:00} in the zone. */
    public static String clock(Instant moment, ZoneId zone) {
        return CLOCK.format(moment.atZone(zone));
    }

    /**
     * A duration as Jenkins and the plugin's pages print one: {@code 0 sec}, {@code 42 sec}, {@code 3 min 5 sec},
     * {@code 30 min}, {@code 1 hr 30 min}.
     */
    public static String human(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        if (seconds < 60) {
            return seconds + " sec";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " sec");
        }
        long minutes = seconds % 3600 / 60;
        return seconds / 3600 + " hr" + (minutes == 0 ? "" : " " + minutes + " min");
    }
}
