package org.dosewatch.reading;

import org.dosewatch.monitor.Reading;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.dosewatch.JsonFaults;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;

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
    /** The accepted range of each vital, by field slot (docs/contract.md section 1). */
    private static final double[] LOWEST = new double[FIELDS.length];
    private static final double[] HIGHEST = new double[FIELDS.length];

    static {
        range(HR, 0, 300);
        range(SPO2, 0, 100);
        range(RR, 0, 80);
        range(ETCO2, 0, 150);
        range(SBP, 20, 300);
        range(DBP, 10, 250);
        range(MAP, 15, 280);
    }

    private static void range(int field, double lowest, double highest) {
        LOWEST[field] = lowest;
        HIGHEST[field] = highest;
    }

    private static final ThreadLocal<Frame> FRAMES = ThreadLocal.withInitial(Frame::new);

    private final ObjectReader reader;
    private final JsonFactory json;
    private final Clock clock;
    private final Duration maxAhead;

    public ReadingDecoder(ObjectMapper mapper, Clock clock,
                          @ConfigProperty(name = "dosewatch.readings.max-clock-ahead", defaultValue = "PT60S") Duration maxAhead) {
        // Decimals kept as written, so a refused number is quoted as it was sent (1e309, not Infinity).
        this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);
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
            throw new InvalidReadingException(null, "not valid JSON: " + JsonFaults.describe(e));
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
            throw new InvalidReadingException(null, "not valid JSON: " + JsonFaults.describe(e));
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
            throw new InvalidReadingException(null, "not valid JSON: " + JsonFaults.contentAfterTheEnd(parser.currentTokenLocation())
                    + "; a record is exactly one JSON object");
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

    /** Checks every field and refuses the frame with every fault found, not only the first. */
    private Reading decode(Frame frame) {
        String sessionId = frame.identifier(SESSION, false, ID_ALPHABET);
        String deviceId = frame.identifier(DEVICE, true, DEVICE_ALPHABET);
        long seq = frame.sequence();
        Instant ts = timestamp(frame);
        double hr = frame.vital(HR);
        double spo2 = frame.vital(SPO2);
        double rr = frame.vital(RR);
        double etco2 = frame.vital(ETCO2);
        double sbp = frame.vital(SBP);
        double dbp = frame.vital(DBP);
        double map = frame.vital(MAP);

        if (frame.valid(SBP) && frame.valid(DBP)) {
            if (Reading.present(sbp) != Reading.present(dbp)) {
                frame.fault(Reading.present(sbp) ? "dbp" : "sbp", "sbp and dbp come together from one cuff cycle");
            } else if (Reading.present(sbp) && sbp <= dbp) {
                frame.fault("sbp", "systolic " + frame.sent(SBP) + " must be above diastolic " + frame.sent(DBP));
            }
        }
        if (frame.noVital()) {
            frame.fault(null, "no vital sign: at least one of hr, spo2, rr, etco2, sbp/dbp, map is required");
        }
        frame.refuseIfFaulty();
        return new Reading(sessionId, deviceId, seq, ts, hr, spo2, rr, etco2, sbp, dbp, map);
    }

    private Instant timestamp(Frame frame) {
        String text = frame.text(TS, "must be an ISO-8601 instant string such as 2026-11-21T14:03:27.000Z");
        if (text == null) {
            return null;
        }
        Instant ts = instant(text);
        if (ts == null) {
            frame.fault("ts", "'" + text + "' is not an ISO-8601 instant such as 2026-11-21T14:03:27.000Z");
            return null;
        }
        Instant now = clock.instant();
        if (ts.isAfter(now.plus(maxAhead))) {
            frame.fault("ts", text + " is " + Duration.between(now, ts).toSeconds()
                    + " s ahead of the receiving clock (at most " + maxAhead.toSeconds() + " s): the monitor's clock is wrong");
            return null;
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
        /** The fields found at fault; the faults themselves, once there is one. */
        private final boolean[] faulty = new boolean[FIELDS.length];
        private List<InvalidReadingException.Fault> faults;

        /** Forgets the last frame's fields: one holder serves every frame a thread decodes. */
        Frame reset() {
            Arrays.fill(kind, ABSENT);
            Arrays.fill(text, null);
            Arrays.fill(faulty, false);
            faults = null;
            return this;
        }

        void fault(String field, String reason) {
            if (faults == null) {
                faults = new ArrayList<>(4);
            }
            faults.add(new InvalidReadingException.Fault(field, reason));
        }

        private void fault(int field, String reason) {
            faulty[field] = true;
            fault(name(field), reason);
        }

        boolean valid(int field) {
            return !faulty[field];
        }

        /** No vital present, and none refused either (a refused one is reason enough). */
        boolean noVital() {
            for (int field = HR; field <= MAP; field++) {
                if (faulty[field] || (kind[field] != ABSENT && kind[field] != NULL)) {
                    return false;
                }
            }
            return true;
        }

        void refuseIfFaulty() {
            if (faults != null) {
                throw new InvalidReadingException(faults);
            }
        }

        /** A number as the frame wrote it, where it was kept (a refused one), else as read. */
        String sent(int field) {
            return text[field] != null ? text[field] : number(number[field]);
        }

        /** Keeps the text of a number outside its field's range, to quote it as sent; a valid number costs nothing. */
        private boolean outOfRange(int field, double value) {
            return field >= HR && !(value >= LOWEST[field] && value <= HIGHEST[field]);
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
                    if (!fitsLong[field] || outOfRange(field, number[field])) {
                        text[field] = parser.getText();
                    }
                }
                case VALUE_NUMBER_FLOAT -> {
                    kind[field] = FRACTION;
                    number[field] = parser.getDoubleValue();
                    if (outOfRange(field, number[field])) {
                        text[field] = parser.getText();
                    }
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
                if (!fitsLong[field] || outOfRange(field, number[field])) {
                    text[field] = written(value);
                }
            } else if (value.isNumber()) {
                kind[field] = FRACTION;
                number[field] = value.doubleValue();
                if (outOfRange(field, number[field])) {
                    text[field] = written(value);
                }
            } else {
                kind[field] = OTHER;
            }
        }

        private String name(int field) {
            return FIELDS[field];
        }

        /** The field's text; null, with the fault noted, when it is missing or not text. */
        String text(int field, String notText) {
            if (kind[field] == ABSENT || kind[field] == NULL) {
                fault(field, "required");
                return null;
            }
            if (kind[field] != TEXT) {
                fault(field, notText);
                return null;
            }
            return text[field];
        }

        String identifier(int field, boolean colon, String alphabet) {
            String value = text(field, "must be a string");
            if (value != null && !identifier(value, colon)) {
                fault(field, "must be 1 to 64 characters of " + alphabet);
                return null;
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
                fault(SEQ, "required");
            } else if (kind[SEQ] != WHOLE) {
                fault(SEQ, "must be a whole number");
            } else if (!fitsLong[SEQ]) {
                fault(SEQ, text[SEQ] + " is not a whole number from 0 to " + Long.MAX_VALUE);
            } else if (whole[SEQ] < 0) {
                fault(SEQ, "must be 0 or more");
            } else {
                return whole[SEQ];
            }
            return -1;
        }

        double vital(int field) {
            if (kind[field] == ABSENT || kind[field] == NULL) {
                return Reading.ABSENT;
            }
            if (kind[field] != WHOLE && kind[field] != FRACTION) {
                fault(field, "must be a number");
                return Reading.ABSENT;
            }
            double value = number[field];
            if (outOfRange(field, value)) {
                fault(field, sent(field) + " is outside " + number(LOWEST[field]) + ".." + number(HIGHEST[field]));
                return Reading.ABSENT;
            }
            return value;
        }

        /** A number of the tree as JSON writes it: a decimal read as 1e309 shows as 1E+309, given back as 1e309. */
        private static String written(JsonNode value) {
            return value.asText().replace("E+", "e").replace('E', 'e');
        }

        @Override
        public String toString() {
            return Arrays.toString(kind);
        }
    }
}
