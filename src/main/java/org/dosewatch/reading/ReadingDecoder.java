package org.dosewatch.reading;

import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * Turns the JSON of one monitor frame into a {@link Reading}, enforcing every rule of the
 * table in CONTRACT.md section 1. The same decoder serves Kafka ingest and HTTP ingest, so a
 * frame is accepted or refused for the same reason on both paths. Strict: a record is exactly
 * one JSON value, nothing after it; and a frame dated further ahead of the receiving clock than
 * {@code dosewatch.readings.max-clock-ahead} is refused, because rules run on device time and a
 * monitor's clock glitch must not be able to blind them (CLINICAL_RULES.md, device clocks).
 */
@Singleton
public final class ReadingDecoder {

    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final ObjectReader reader;
    private final Clock clock;
    private final Duration maxAhead;

    public ReadingDecoder(ObjectMapper mapper, Clock clock,
                          @ConfigProperty(name = "dosewatch.readings.max-clock-ahead", defaultValue = "PT60S") Duration maxAhead) {
        this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.clock = clock;
        this.maxAhead = maxAhead;
    }

    /** The JSON of a record or request body: one value, nothing after it. */
    public JsonNode parse(byte[] json) {
        try {
            JsonNode node = reader.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new InvalidReadingException(null, "empty record: a reading must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidReadingException(null, "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidReadingException(null, "unreadable record: " + e.getMessage());
        }
    }

    public Reading decode(byte[] json) {
        if (json == null || json.length == 0) {
            throw new InvalidReadingException(null, "empty record: a reading must be a JSON object");
        }
        return decode(parse(json));
    }

    public Reading decode(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidReadingException(null, "a reading must be a JSON object");
        }
        String sessionId = identifier(node, "sessionId", SESSION_ID, "[A-Za-z0-9._-]");
        String deviceId = identifier(node, "deviceId", DEVICE_ID, "[A-Za-z0-9._:-]");
        long seq = sequence(node);
        Instant ts = timestamp(node);
        double hr = vital(node, "hr", 0, 300);
        double spo2 = vital(node, "spo2", 0, 100);
        double rr = vital(node, "rr", 0, 80);
        double etco2 = vital(node, "etco2", 0, 150);
        double sbp = vital(node, "sbp", 20, 300);
        double dbp = vital(node, "dbp", 10, 250);
        double map = vital(node, "map", 15, 280);

        if (Reading.present(sbp) != Reading.present(dbp)) {
            String missing = Reading.present(sbp) ? "dbp" : "sbp";
            throw new InvalidReadingException(missing, "sbp and dbp come together from one cuff cycle");
        }
        if (Reading.present(sbp) && sbp <= dbp) {
            throw new InvalidReadingException("sbp", "systolic " + number(sbp) + " must be above diastolic " + number(dbp));
        }
        if (!(Reading.present(hr) || Reading.present(spo2) || Reading.present(rr) || Reading.present(etco2)
                || Reading.present(sbp) || Reading.present(map))) {
            throw new InvalidReadingException(null, "no vital sign: at least one of hr, spo2, rr, etco2, sbp/dbp, map is required");
        }
        return new Reading(sessionId, deviceId, seq, ts, hr, spo2, rr, etco2, sbp, dbp, map);
    }

    private static String identifier(JsonNode node, String field, Pattern pattern, String alphabet) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidReadingException(field, "required");
        }
        if (!value.isTextual()) {
            throw new InvalidReadingException(field, "must be a string");
        }
        String text = value.textValue();
        if (!pattern.matcher(text).matches()) {
            throw new InvalidReadingException(field, "must be 1 to 64 characters of " + alphabet);
        }
        return text;
    }

    private static long sequence(JsonNode node) {
        JsonNode value = node.get("seq");
        if (value == null || value.isNull()) {
            throw new InvalidReadingException("seq", "required");
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new InvalidReadingException("seq", "must be a whole number");
        }
        long seq = value.longValue();
        if (seq < 0) {
            throw new InvalidReadingException("seq", "must be 0 or more");
        }
        return seq;
    }

    private Instant timestamp(JsonNode node) {
        JsonNode value = node.get("ts");
        if (value == null || value.isNull()) {
            throw new InvalidReadingException("ts", "required");
        }
        if (!value.isTextual()) {
            throw new InvalidReadingException("ts", "must be an ISO-8601 instant string such as 2026-11-21T14:03:27.000Z");
        }
        Instant ts;
        try {
            ts = OffsetDateTime.parse(value.textValue()).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidReadingException("ts", "'" + value.textValue() + "' is not an ISO-8601 instant such as 2026-11-21T14:03:27.000Z");
        }
        Instant now = clock.instant();
        if (ts.isAfter(now.plus(maxAhead))) {
            throw new InvalidReadingException("ts", value.textValue() + " is " + Duration.between(now, ts).toSeconds()
                    + " s ahead of the receiving clock (at most " + maxAhead.toSeconds() + " s): the monitor's clock is wrong");
        }
        return ts;
    }

    private static double vital(JsonNode node, String field, double min, double max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Reading.ABSENT;
        }
        if (!value.isNumber()) {
            throw new InvalidReadingException(field, "must be a number");
        }
        double number = value.doubleValue();
        if (!(number >= min && number <= max)) {
            throw new InvalidReadingException(field, number(number) + " is outside " + number(min) + ".." + number(max));
        }
        return number;
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
