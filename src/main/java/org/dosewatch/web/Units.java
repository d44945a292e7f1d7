package org.dosewatch.web;


/**
 * A unit: the clinic, site or ward a session belongs to, so that a station's screen and feed
 * show its own patients ({@code ?unit=} on the page, the feed and the lists).
 */
public final class Units {

    public static final String PATTERN = "[\\p{L}\\p{N}][\\p{L}\\p{N} ._-]{0,63}";
    public static final String MESSAGE = "must be 1 to 64 letters, digits, spaces or . _ -, starting with a letter or digit";

    private Units() {
    }

    /** The unit a request asks for: null for every unit; 400 naming the parameter when it cannot be one. */
    public static String parameter(String unit) {
        if (unit == null || unit.isEmpty()) {
            return null;
        }
        if (!unit.matches(PATTERN)) {
            throw ProblemException.badRequest("unit", MESSAGE);
        }
        return unit;
    }
}
