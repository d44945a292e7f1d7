package org.dosewatch.reading;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.dosewatch.monitor.Reading;
import org.dosewatch.monitor.Vital;
import org.dosewatch.monitor.VitalSpec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a frame's fields held, as the checks need it, whichever way the JSON was read (token by
 * token from a Kafka record, or from a request body's tree), and the checks of one field: the
 * table of docs/contract.md section 1, the vitals' ranges from their {@link VitalSpec}.
 */
final class FrameFields {

    /** The fields a frame is read for, by slot; any other field is skipped. */
    static final String[] FIELDS = {"sessionId", "deviceId", "seq", "ts", "hr", "spo2", "rr", "etco2", "sbp", "dbp", "map"};
    static final int SESSION = 0;
    static final int DEVICE = 1;
    static final int SEQ = 2;
    static final int TS = 3;
    static final int HR = 4;
    static final int SPO2 = 5;
    static final int RR = 6;
    static final int ETCO2 = 7;
    static final int SBP = 8;
    static final int DBP = 9;
    static final int MAP = 10;
    /** Each vital slot's catalogue entry; null for the other slots. */
    private static final VitalSpec[] SPECS = new VitalSpec[FIELDS.length];

    static {
        for (int slot = HR; slot <= MAP; slot++) {
            SPECS[slot] = Vital.of(FIELDS[slot]).spec();
        }
    }

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
    FrameFields reset() {
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
        return SPECS[field] != null && !SPECS[field].accepts(value);
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
            fault(field, sent(field) + " is outside " + number(SPECS[field].lowest()) + ".." + number(SPECS[field].highest()));
            return Reading.ABSENT;
        }
        return value;
    }

    /** A number of the tree as JSON writes it: a decimal read as 1e309 shows as 1E+309, given back as 1e309. */
    private static String written(JsonNode value) {
        return value.asText().replace("E+", "e").replace('E', 'e');
    }

    /** The slot of a field name; -1 for a field a frame is not read for. */
    static int slot(String name) {
        for (int i = 0; i < FIELDS.length; i++) {
            if (FIELDS[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    @Override
    public String toString() {
        return Arrays.toString(kind);
    }
}
