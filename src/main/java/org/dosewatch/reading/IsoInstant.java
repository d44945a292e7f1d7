package org.dosewatch.reading;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reads a frame's {@code ts}. Nearly every frame comes in one form, UTC with milliseconds, which
 * is read digit by digit without the ISO parser's allocations (docs/performance.md, decoding);
 * any other ISO-8601 form with an offset goes through {@link OffsetDateTime#parse}.
 */
final class IsoInstant {

    private IsoInstant() {
    }

    /**
     * An ISO-8601 date-time with an offset; null when it is not one. Monitors send UTC with
     * milliseconds ({@code 2026-11-21T14:03:27.000Z}), read here digit by digit; any other form
     * goes through the full ISO parser.
     */
    static Instant parse(String text) {
        Instant utc = utcMillis(text);
        if (utc != null) {
            return utc;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.SSS]Z}, or null for any other form (left to the full parser). */
    private static Instant utcMillis(String text) {
        int length = text.length();
        if ((length != 20 && length != 24) || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(length - 1) != 'Z'
                || (length == 24 && text.charAt(19) != '.')) {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int millis = length == 24 ? digits(text, 20, 3) : 0;
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59 || millis < 0) {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, millis * 1_000_000L);
    }

    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
