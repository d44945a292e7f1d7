package org.dosewatch.reading;

import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Arrays;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * Turns the JSON of one monitor frame into a {@link Reading}, enforcing every rule of the
 * table in docs/contract.md section 1. The same decoder serves Kafka ingest and HTTP ingest, so a
 * frame is accepted or refused for the same reason on both paths. Strict: a record is exactly
 * one JSON value, nothing after it; and a frame dated further ahead of the receiving clock than
 * {@code dosewatch.readings.max-clock-ahead} is refused, because rules run on device time and a
 * monitor's clock glitch must not be able to blind them (docs/clinical-rules.md, device clocks).
 */
@Singleton
public final class ReadingDecoder {

    /** Session ids: 1 to 64 of these; device ids may also hold ':'. */
    private static final String ID_ALPHABET = "[A-Za-z0-9._-]";
    private static final String DEVICE_ALPHABET = "[A-Za-z0-9._:-]";

    /** The fields a frame is read for, in the order of {@link Frame}'s slots; any other field is skipped. */
    private static final String[] FIELDS = {"sessionId", "deviceId", "seq", "ts", "hr", "spo2", "rr", "etco2", "sbp", "dbp", "map"};
    private static final int SESSION = 0;
    private static final int DEVICE = 1;
    private static final int SEQ = 2;
    private static final int TS = 3;
    private static final int HR = 4;
    private static final int SPO2 = 5;
    private static final int RR = 6;
    private static final int ETCO2 = 7;
    private static final int SBP = 8;
    private static final int DBP = 9;
    private static final int MAP = 10;

    private static final ThreadLocal<Frame> FRAMES = ThreadLocal.withInitial(Frame::new);

    private final ObjectReader reader;
    private final JsonFactory json;
    private final Clock clock;
    private final Duration maxAhead;

    public ReadingDecoder(ObjectMapper mapper, Clock clock,
                          @ConfigProperty(name = "dosewatch.readings.max-clock-ahead", defaultValue = "PT60S") Duration maxAhead) {
        this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.json = mapper.getFactory();
        this.clock = clock;
        this.maxAhead = maxAhead;
    }

    /** The JSON of a request body: one value, nothing after it. */
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

    /**
     * A record of {@code vitals.readings}: read token by token, without building a tree, for the
     * fields of the contract; the same checks as {@link #decode(JsonNode)}, the same reasons.
     */
    public Reading decode(byte[] record) {
        if (record == null || record.length == 0) {
            throw new InvalidReadingException(null, "empty record: a reading must be a JSON object");
        }
        Frame frame = FRAMES.get().reset();
        try (JsonParser parser = json.createParser(record)) {
            JsonToken token = parser.nextToken();
            if (token != JsonToken.START_OBJECT) {
                parser.skipChildren();
                requireEnd(parser);
                throw new InvalidReadingException(null, "a reading must be a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                int field = field(parser.currentName());
                JsonToken value = parser.nextToken();
                if (field < 0) {
                    parser.skipChildren();
                } else {
                    frame.take(field, value, parser);
                }
            }
            requireEnd(parser);
        } catch (JsonProcessingException e) {
            throw new InvalidReadingException(null, "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidReadingException(null, "unreadable record: " + e.getMessage());
        }
        return decode(frame);
    }

    /** A parsed request body or one element of a batch. */
    public Reading decode(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidReadingException(null, "a reading must be a JSON object");
        }
        Frame frame = new Frame();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            int field = field(entry.getKey());
            if (field >= 0) {
                frame.take(field, entry.getValue());
            }
        }
        return decode(frame);
    }

    private static void requireEnd(JsonParser parser) throws IOException {
        JsonToken after = parser.nextToken();
        if (after != null) {
            throw new InvalidReadingException(null, "not valid JSON: trailing token (" + after
                    + ") after the value; a record is exactly one JSON object");
        }
    }

    private static int field(String name) {
        for (int i = 0; i < FIELDS.length; i++) {
            if (FIELDS[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private Reading decode(Frame frame) {
        String sessionId = frame.identifier(SESSION, false, ID_ALPHABET);
        String deviceId = frame.identifier(DEVICE, true, DEVICE_ALPHABET);
        long seq = frame.sequence();
        Instant ts = timestamp(frame);
        double hr = frame.vital(HR, 0, 300);
        double spo2 = frame.vital(SPO2, 0, 100);
        double rr = frame.vital(RR, 0, 80);
        double etco2 = frame.vital(ETCO2, 0, 150);
        double sbp = frame.vital(SBP, 20, 300);
        double dbp = frame.vital(DBP, 10, 250);
        double map = frame.vital(MAP, 15, 280);

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

    private Instant timestamp(Frame frame) {
        String text = frame.text(TS, "must be an ISO-8601 instant string such as 2026-11-21T14:03:27.000Z");
        Instant ts = instant(text);
        if (ts == null) {
            throw new InvalidReadingException("ts", "'" + text + "' is not an ISO-8601 instant such as 2026-11-21T14:03:27.000Z");
        }
        Instant now = clock.instant();
        if (ts.isAfter(now.plus(maxAhead))) {
            throw new InvalidReadingException("ts", text + " is " + Duration.between(now, ts).toSeconds()
                    + " s ahead of the receiving clock (at most " + maxAhead.toSeconds() + " s): the monitor's clock is wrong");
        }
        return ts;
    }

    /**
     * An ISO-8601 date-time with an offset; null when it is not one. Monitors send UTC with
     * milliseconds ({@code 2026-11-21T14:03:27.000Z}), read here digit by digit; any other form
     * goes through the full ISO parser.
     */
    static Instant instant(String text) {
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

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** What a frame's fields held, as the checks need it, whichever way the JSON was read. */
    private static final class Frame {
        private static final byte ABSENT = 0;
        private static final byte NULL = 1;
        private static final byte TEXT = 2;
        private static final byte WHOLE = 3;
        private static final byte FRACTION = 4;
        private static final byte OTHER = 5;

        private final byte[] kind = new byte[FIELDS.length];
        private final String[] text = new String[FIELDS.length];
        private final double[] number = new double[FIELDS.length];
        /** For a whole number: whether it fits a long, and its value then. */
        private final boolean[] fitsLong = new boolean[FIELDS.length];
        private final long[] whole = new long[FIELDS.length];

        /** Forgets the last frame's fields: one holder serves every frame a thread decodes. */
        Frame reset() {
            Arrays.fill(kind, ABSENT);
            Arrays.fill(text, null);
            return this;
        }

        /** The value the parser stands on; a duplicate field replaces the earlier one, as in a tree. */
        void take(int field, JsonToken token, JsonParser parser) throws IOException {
            text[field] = null;
            switch (token) {
                case VALUE_NULL -> kind[field] = NULL;
                case VALUE_STRING -> {
                    kind[field] = TEXT;
                    text[field] = parser.getText();
                }
                case VALUE_NUMBER_INT -> {
                    kind[field] = WHOLE;
                    number[field] = parser.getDoubleValue();
                    fitsLong[field] = parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
                    whole[field] = fitsLong[field] ? parser.getLongValue() : 0;
                }
                case VALUE_NUMBER_FLOAT -> {
                    kind[field] = FRACTION;
                    number[field] = parser.getDoubleValue();
                }
                default -> {
                    kind[field] = OTHER;
                    parser.skipChildren();
                }
            }
        }

        void take(int field, JsonNode value) {
            text[field] = null;
            if (value.isNull()) {
                kind[field] = NULL;
            } else if (value.isTextual()) {
                kind[field] = TEXT;
                text[field] = value.textValue();
            } else if (value.isIntegralNumber()) {
                kind[field] = WHOLE;
                number[field] = value.doubleValue();
                fitsLong[field] = value.canConvertToLong();
                whole[field] = fitsLong[field] ? value.longValue() : 0;
            } else if (value.isNumber()) {
                kind[field] = FRACTION;
                number[field] = value.doubleValue();
            } else {
                kind[field] = OTHER;
            }
        }

        private String name(int field) {
            return FIELDS[field];
        }

        String text(int field, String notText) {
            if (kind[field] == ABSENT || kind[field] == NULL) {
                throw new InvalidReadingException(name(field), "required");
            }
            if (kind[field] != TEXT) {
                throw new InvalidReadingException(name(field), notText);
            }
            return text[field];
        }

        String identifier(int field, boolean colon, String alphabet) {
            String value = text(field, "must be a string");
            if (!identifier(value, colon)) {
                throw new InvalidReadingException(name(field), "must be 1 to 64 characters of " + alphabet);
            }
            return value;
        }

        private static boolean identifier(String value, boolean colon) {
            int length = value.length();
            if (length < 1 || length > 64) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                char c = value.charAt(i);
                boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '.' || c == '_' || c == '-' || (colon && c == ':');
                if (!allowed) {
                    return false;
                }
            }
            return true;
        }

        long sequence() {
            if (kind[SEQ] == ABSENT || kind[SEQ] == NULL) {
                throw new InvalidReadingException("seq", "required");
            }
            if (kind[SEQ] != WHOLE || !fitsLong[SEQ]) {
                throw new InvalidReadingException("seq", "must be a whole number");
            }
            if (whole[SEQ] < 0) {
                throw new InvalidReadingException("seq", "must be 0 or more");
            }
            return whole[SEQ];
        }

        double vital(int field, double min, double max) {
            if (kind[field] == ABSENT || kind[field] == NULL) {
                return Reading.ABSENT;
            }
            if (kind[field] != WHOLE && kind[field] != FRACTION) {
                throw new InvalidReadingException(name(field), "must be a number");
            }
            double value = number[field];
            if (!(value >= min && value <= max)) {
                throw new InvalidReadingException(name(field), number(value) + " is outside " + number(min) + ".." + number(max));
            }
            return value;
        }

        @Override
        public String toString() {
            return Arrays.toString(kind);
        }
    }
}
