package io.jenkins.plugins.systemtests.core.protocol;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Optional;

/**
 * Timestamps as testing machines write them: {@code 2018-12-30 13:01:57.461401}, the machine's local time with up to
 * six fraction digits and no zone. Python's {@code str(datetime)} drops the fraction when it is zero, so that is
 * accepted too, as is an ISO {@code T} between date and time.
 */
public final class ProtocolTimestamp {
    private static final DateTimeFormatter PARSER = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd")
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 6, true).optionalEnd()
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT);

    private static final DateTimeFormatter FORMATTER = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 6, 6, true)
            .toFormatter();

    private ProtocolTimestamp() {
    }

    public static Optional<LocalDateTime> parse(String text) {
        if (text == null || text.length() < 19 || text.length() > 26) {
            return Optional.empty();
        }
        char separator = text.charAt(10);
        if (separator != ' ' && separator != 'T') {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(text, PARSER));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public static String format(LocalDateTime time) {
        return FORMATTER.format(time);
    }
}
