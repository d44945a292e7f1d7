package org.dosewatch.reading;


import static org.dosewatch.reading.FrameFields.DBP;
import static org.dosewatch.reading.FrameFields.DEVICE;
import static org.dosewatch.reading.FrameFields.ETCO2;
import static org.dosewatch.reading.FrameFields.HR;
import static org.dosewatch.reading.FrameFields.MAP;
import static org.dosewatch.reading.FrameFields.RR;
import static org.dosewatch.reading.FrameFields.SBP;
import static org.dosewatch.reading.FrameFields.SESSION;
import static org.dosewatch.reading.FrameFields.SPO2;
import static org.dosewatch.reading.FrameFields.TS;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

import jakarta.inject.Singleton;

import org.dosewatch.JsonFaults;
import org.dosewatch.monitor.Reading;
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

    private static final ThreadLocal<FrameFields> FRAMES = ThreadLocal.withInitial(FrameFields::new);

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
        FrameFields frame = FRAMES.get().reset();
        try (JsonParser parser = json.createParser(record)) {
            JsonToken token = parser.nextToken();
            if (token != JsonToken.START_OBJECT) {
                parser.skipChildren();
                requireEnd(parser);
                throw new InvalidReadingException(null, "a reading must be a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                int field = FrameFields.slot(parser.currentName());
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

    /**
     * A record of {@code vitals.readings} under its key. The key decides the partition, and the
     * partition is what keeps a session's frames in order: a record keyed by anything but its
     * session id is refused.
     */
    public Reading decode(String key, byte[] record) {
        Reading reading = decode(record);
        if (key != null && !key.equals(reading.sessionId())) {
            throw new InvalidReadingException("key", "record key '" + key + "' is not the sessionId '"
                    + reading.sessionId() + "'; key readings by session id so they stay in order");
        }
        return reading;
    }

    /** A parsed request body or one element of a batch. */
    public Reading decode(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidReadingException(null, "a reading must be a JSON object");
        }
        FrameFields frame = new FrameFields();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            int field = FrameFields.slot(entry.getKey());
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

    /** Checks every field and refuses the frame with every fault found, not only the first. */
    private Reading decode(FrameFields frame) {
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

    private Instant timestamp(FrameFields frame) {
        String text = frame.text(TS, "must be an ISO-8601 instant string such as 2026-11-21T14:03:27.000Z");
        if (text == null) {
            return null;
        }
        Instant ts = IsoInstant.parse(text);
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

}
