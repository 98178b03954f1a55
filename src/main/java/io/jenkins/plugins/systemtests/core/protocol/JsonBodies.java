package io.jenkins.plugins.systemtests.core.protocol;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.systemtests.core.json.Json;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a request body as JSON. A body that is not JSON is refused ({@code MALFORMED_JSON}) with a short message of
 * our own: where (line and column) and what, for example {@code Not valid JSON at line 1, column 17: unexpected end
 * of input}. Jackson's own text never reaches the caller: it names Jackson's classes and features, and the source it
 * was reading ("Source: REDACTED ...").
 */
public final class JsonBodies {
    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate field '(.*)'", Pattern.DOTALL);
    private static final Pattern TOKEN = Pattern.compile("^(?:Unrecognized|Non-standard) token '(.*?)'",
            Pattern.DOTALL);
    private static final Pattern CHARACTER = Pattern.compile("^Unexpected character \\('.*?' \\(code (\\d+)\\)\\)",
            Pattern.DOTALL);
    private static final Pattern CLOSE_MARKER = Pattern.compile("^Unexpected close marker '(.)'");
    /** Most characters of the body's own text (a field name, a word) quoted in a message. */
    private static final int MAX_QUOTED = 40;

    private JsonBodies() {
    }

    /** The body as JSON; refused when it is empty or not JSON. */
    public static JsonNode read(byte[] body) throws RejectedException {
        if (body.length == 0) {
            throw empty();
        }
        JsonParser parser = null;
        try {
            parser = Json.MAPPER.createParser(body);
            JsonNode root = Json.MAPPER.readTree(parser);
            if (root == null || root.isMissingNode()) {
                throw empty();
            }
            return root;
        } catch (JacksonException e) {
            JsonLocation location = e.getLocation() != null ? e.getLocation()
                    : parser != null ? parser.currentLocation() : null;
            throw new RejectedException(ErrorCode.MALFORMED_JSON, describe(e, location));
        } catch (IOException e) {
            throw new RejectedException(ErrorCode.MALFORMED_JSON, "The body could not be read as JSON");
        } finally {
            closeQuietly(parser);
        }
    }

    private static RejectedException empty() {
        return new RejectedException(ErrorCode.MALFORMED_JSON, "The body is empty: JSON was expected");
    }

    private static void closeQuietly(JsonParser parser) {
        if (parser != null) {
            try {
                parser.close();
            } catch (IOException e) {
                // a parser over a byte array holds nothing to release
            }
        }
    }

    private static String describe(JacksonException e, JsonLocation location) {
        StringBuilder message = new StringBuilder("Not valid JSON");
        if (location != null && location.getLineNr() > 0) {
            message.append(" at line ").append(location.getLineNr()).append(", column ").append(location.getColumnNr());
        }
        String problem = problem(e, e.getOriginalMessage() == null ? "" : e.getOriginalMessage());
        return problem == null ? message.toString() : message.append(": ").append(problem).toString();
    }

    /** What is wrong, in our words, from the kind of Jackson's exception and its message; null when unknown. */
    private static String problem(JacksonException e, String jackson) {
        if (e instanceof JsonEOFException || jackson.startsWith("Unexpected end-of-input")) {
            return "unexpected end of input";
        }
        if (e instanceof StreamConstraintsException) {
            if (jackson.startsWith("Document nesting depth")) {
                return "nested deeper than " + Json.MAX_NESTING_DEPTH + " levels";
            }
            if (jackson.startsWith("Number value length")) {
                return "a number longer than " + Json.MAX_NUMBER_LENGTH + " digits";
            }
            if (jackson.startsWith("String value length")) {
                return "a string longer than " + Json.MAX_STRING_LENGTH + " characters";
            }
            return "too large";
        }
        if (jackson.startsWith("Trailing token")) {
            return "more after the end of the JSON value";
        }
        Matcher duplicate = DUPLICATE.matcher(jackson);
        if (duplicate.find()) {
            return "field " + quoted(duplicate.group(1)) + " appears twice";
        }
        if (jackson.startsWith("Invalid UTF-8")) {
            return "the body is not UTF-8 text";
        }
        if (jackson.contains("CTRL-CHAR")) {
            return jackson.startsWith("Illegal unquoted character") ? "a control character inside a string (escape it)"
                    : "a control character outside a string";
        }
        if (jackson.contains("character escape")) {
            return "an invalid escape in a string";
        }
        if (jackson.contains("numeric value") || jackson.startsWith("Invalid numeric")) {
            return "an invalid number";
        }
        Matcher token = TOKEN.matcher(jackson);
        if (token.find()) {
            return "unexpected " + quoted(token.group(1));
        }
        Matcher close = CLOSE_MARKER.matcher(jackson);
        if (close.find()) {
            return "unexpected " + quoted(close.group(1));
        }
        Matcher character = CHARACTER.matcher(jackson);
        if (character.find()) {
            return "unexpected " + character(Integer.parseInt(character.group(1))) + expected(jackson);
        }
        return null;
    }

    /** What Jackson says it expected instead, in our words. */
    private static String expected(String jackson) {
        if (jackson.contains("double-quote to start field name")) {
            return "; a field name in double quotes was expected";
        }
        if (jackson.contains("colon to separate")) {
            return "; ':' was expected";
        }
        if (jackson.contains("comma to separate")) {
            return "; ',' or the end of the object or array was expected";
        }
        if (jackson.contains("expected a value") || jackson.contains("expected a valid value")) {
            return "; a value was expected";
        }
        return "";
    }

    private static String character(int code) {
        return code > 0x20 && code < 0x7f ? "'" + (char) code + "'" : String.format("character U+%04X", code);
    }

    /** Text of the body between quotes: control characters shown as '?', cut to {@link #MAX_QUOTED} characters. */
    public static String quoted(String text) {
        String shown = text.replaceAll("\\p{Cntrl}", "?");
        if (shown.length() > MAX_QUOTED) {
            int end = Character.isHighSurrogate(shown.charAt(MAX_QUOTED - 1)) ? MAX_QUOTED - 1 : MAX_QUOTED;
            shown = shown.substring(0, end) + "\u2026";
        }
        return "'" + shown + "'";
    }
}
