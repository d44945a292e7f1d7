package org.dosewatch;

import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * What is wrong with a piece of JSON, in words a client can act on: the parser's own message with
 * where it stopped, never the name of a class, a package or a library (an answer is read by
 * integrators and nurses' devices, not by the service's developers).
 */
public final class JsonFaults {

    /** A qualified Java name, such as a type the parser was binding to, quoted or not. */
    private static final Pattern QUALIFIED_NAME = Pattern.compile("`?\\b(?:[a-z][a-z0-9_]*\\.)+[A-Za-z_$][\\w$]*(?:\\[])?`?");
    /** The parser's advice to its own developers, such as "not allowed as per `DeserializationFeature.X`": cut with its clause. */
    private static final Pattern FEATURE_HINT = Pattern.compile("\\s*[:;(]?[^:;(]*`\\w*Feature\\.\\w+`[^:;)]*\\)?");

    private static final String AFTER_THE_END = "content after the end of the JSON value";

    private JsonFaults() {
    }

    /** The fault of JSON that could not be read, with its line and column where known. */
    public static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines().findFirst().orElse("");
        if (message.startsWith("Trailing token")) {
            message = AFTER_THE_END;
        } else {
            message = QUALIFIED_NAME.matcher(FEATURE_HINT.matcher(message).replaceAll("")).replaceAll("a value");
        }
        return message + where(e.getLocation());
    }

    /** Content found after the one JSON value a body or record must be, where the parser found it. */
    public static String contentAfterTheEnd(JsonLocation at) {
        return AFTER_THE_END + where(at);
    }

    private static String where(JsonLocation at) {
        if (at == null || at.getLineNr() < 1) {
            return "";
        }
        return " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }
}
