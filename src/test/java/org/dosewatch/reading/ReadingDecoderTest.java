package org.dosewatch.reading;

import org.dosewatch.monitor.Reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class ReadingDecoderTest {

    /** The receiving clock: an hour after the contract example's frame. */
    private static final Instant NOW = Instant.parse("2026-11-21T15:03:27Z");

    private final ReadingDecoder decoder = new ReadingDecoder(new ObjectMapper(), Clock.fixed(NOW, ZoneOffset.UTC),
            Duration.ofSeconds(60));

    /**
     * Decodes a record as the stream does (token by token) and as the HTTP path does (from a
     * tree), and requires both to come to the same reading or the same refusal.
     */
    private Reading decode(String json) {
        byte[] record = json.getBytes(StandardCharsets.UTF_8);
        Reading streamed;
        try {
            streamed = decoder.decode(record);
        } catch (InvalidReadingException refused) {
            assertThatThrownBy(() -> decoder.decode(decoder.parse(record)))
                    .as("the HTTP path refuses %s too", json)
                    .isInstanceOfSatisfying(InvalidReadingException.class, e -> {
                        assertThat(e.field()).isEqualTo(refused.field());
                        if (!refused.getMessage().contains("not valid JSON")) {
                            assertThat(e.getMessage()).isEqualTo(refused.getMessage());
                        }
                    });
            throw refused;
        }
        assertThat(decoder.decode(decoder.parse(record))).as("the HTTP path reads %s alike", json).isEqualTo(streamed);
        return streamed;
    }

    @Test
    void decodesTheContractExample() {
        Reading reading = decode("""
                {"sessionId": "KS-0001", "deviceId": "room3-monitor", "seq": 1842, "ts": "2026-11-21T14:03:27.000Z",
                 "hr": 84, "spo2": 97, "rr": 14, "etco2": 37, "sbp": 131, "dbp": 82, "map": 98, "vendorExtra": {"x": 1}}""");

        assertThat(reading.sessionId()).isEqualTo("KS-0001");
        assertThat(reading.deviceId()).isEqualTo("room3-monitor");
        assertThat(reading.seq()).isEqualTo(1842);
        assertThat(reading.ts()).isEqualTo(Instant.parse("2026-11-21T14:03:27Z"));
        assertThat(reading.hr()).isEqualTo(84);
        assertThat(reading.spo2()).isEqualTo(97);
        assertThat(reading.sbp()).isEqualTo(131);
        assertThat(reading.dbp()).isEqualTo(82);
        assertThat(reading.hasBloodPressure()).isTrue();
    }

    @Test
    void aVitalNotMeasuredInTheFrameIsAbsent() {
        Reading reading = decode("""
                {"sessionId": "S", "deviceId": "d", "seq": 0, "ts": "2026-11-21T14:03:27+01:00", "spo2": 90.5, "hr": null}""");

        assertThat(Reading.present(reading.spo2())).isTrue();
        assertThat(reading.spo2()).isEqualTo(90.5);
        assertThat(Reading.present(reading.hr())).isFalse();
        assertThat(reading.hasBloodPressure()).isFalse();
        assertThat(reading.ts()).isEqualTo(Instant.parse("2026-11-21T13:03:27Z"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not JSON                     | {"sessionId": "S",                                           | frame     | not valid JSON
            not an object                | [1, 2]                                                       | frame     | must be a JSON object
            no session                   | {"deviceId": "d", "seq": 1, "ts": "2026-11-21T14:03:27Z", "hr": 80} | sessionId | required
            session id with a space      | {"sessionId": "KS 1", "deviceId": "d", "seq": 1, "ts": "2026-11-21T14:03:27Z", "hr": 80} | sessionId | 1 to 64 characters
            session id of 65 characters  | {"sessionId": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "deviceId": "d", "seq": 1, "ts": "2026-11-21T14:03:27Z", "hr": 80} | sessionId | 1 to 64 characters
            no device                    | {"sessionId": "S", "seq": 1, "ts": "2026-11-21T14:03:27Z", "hr": 80} | deviceId | required
            device id a number           | {"sessionId": "S", "deviceId": 7, "seq": 1, "ts": "2026-11-21T14:03:27Z", "hr": 80} | deviceId | must be a string
            no seq                       | {"sessionId": "S", "deviceId": "d", "ts": "2026-11-21T14:03:27Z", "hr": 80} | seq | required
            negative seq                 | {"sessionId": "S", "deviceId": "d", "seq": -1, "ts": "2026-11-21T14:03:27Z", "hr": 80} | seq | 0 or more
            fractional seq               | {"sessionId": "S", "deviceId": "d", "seq": 1.5, "ts": "2026-11-21T14:03:27Z", "hr": 80} | seq | whole number
            no ts                        | {"sessionId": "S", "deviceId": "d", "seq": 1, "hr": 80} | ts | required
            ts not a date                | {"sessionId": "S", "deviceId": "d", "seq": 1, "ts": "yesterday", "hr": 80} | ts | not an ISO-8601 instant
            ts without a zone            | {"sessionId": "S", "deviceId": "d", "seq": 1, "ts": "2026-11-21T14:03:27", "hr": 80} | ts | not an ISO-8601 instant
            no vital at all              | {"sessionId": "S", "deviceId": "d", "seq": 1, "ts": "2026-11-21T14:03:27Z"} | frame | no vital sign
            hr as a string               | {"sessionId": "S", "deviceId": "d", "seq": 1, "ts": "2026-11-21T14:03:27Z", "hr": "80"} | hr | must be a number
            hr above 300                 | {"sessionId": "S", "deviceId": "d", "seq": 1, "ts": "2026-11-21T14:03:27Z", "hr": 301} | hr | 301 is outside 0..300
            spo2 above 100               | {"sessionId": "S", "deviceId": "d", "seq": 1, "ts": "2026-11-21T14:03:27Z", "spo2": 100.5} | spo2 | outside 0..100
            negative rr                  | {"sessionId": "S", "deviceId": "d", "seq": 1, "ts": "2026-11-21T14:03:27Z", "rr": -1} | rr | outside 0..80
            etco2 above 150              | {"sessionId": "S", "deviceId": "d", "seq": 1, "ts": "2026-11-21T14:03:27Z", "etco2": 151} | etco2 | outside 0..150
            sbp without dbp              | {"sessionId": "S", "deviceId": "d", "seq": 1, "ts": "2026-11-21T14:03:27Z", "sbp": 120} | dbp | come together
            dbp without sbp              | {"sessionId": "S", "deviceId": "d", "seq": 1, "ts": "2026-11-21T14:03:27Z", "dbp": 80} | sbp | come together
            sbp not above dbp            | {"sessionId": "S", "deviceId": "d", "seq": 1, "ts": "2026-11-21T14:03:27Z", "sbp": 80, "dbp": 80} | sbp | must be above diastolic
            sbp below 20                 | {"sessionId": "S", "deviceId": "d", "seq": 1, "ts": "2026-11-21T14:03:27Z", "sbp": 19, "dbp": 10} | sbp | outside 20..300
            dbp above 250                | {"sessionId": "S", "deviceId": "d", "seq": 1, "ts": "2026-11-21T14:03:27Z", "sbp": 300, "dbp": 251} | dbp | outside 10..250
            map below 15                 | {"sessionId": "S", "deviceId": "d", "seq": 1, "ts": "2026-11-21T14:03:27Z", "map": 14} | map | outside 15..280
            """)
    void refusesAFrameThatBreaksTheContract(String name, String json, String field, String reason) {
        assertThatThrownBy(() -> decode(json))
                .isInstanceOfSatisfying(InvalidReadingException.class, e -> {
                    assertThat(e.field()).isEqualTo("frame".equals(field) ? null : field);
                    assertThat(e.getMessage()).contains(reason);
                });
    }

    @ParameterizedTest(name = "{0} = {1} is accepted")
    @CsvSource({"hr, 0", "hr, 300", "spo2, 0", "spo2, 100", "rr, 0", "rr, 80", "etco2, 0", "etco2, 150", "map, 15", "map, 280"})
    void acceptsTheEdgesOfEachRange(String vital, String value) {
        Reading reading = decode("{\"sessionId\": \"S\", \"deviceId\": \"d\", \"seq\": 1, \"ts\": \"2026-11-21T14:03:27Z\", \""
                + vital + "\": " + value + "}");

        assertThat(reading.seq()).isEqualTo(1);
    }

    @Test
    void anEmptyRecordIsRefused() {
        assertThatThrownBy(() -> decoder.decode(new byte[0])).hasMessageContaining("empty record");
        assertThatThrownBy(() -> decoder.decode((byte[]) null)).hasMessageContaining("empty record");
        assertThatThrownBy(() -> decode("  ")).hasMessageContaining("empty record");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a scalar                          | 42
            a string                          | "KS-0001"
            an unfinished array               | [1, 2
            """)
    void aRecordThatIsNoObjectIsRefusedAlikeOnBothPaths(String description, String json) {
        assertThatThrownBy(() -> decode(json)).isInstanceOf(InvalidReadingException.class);
    }

    @Test
    void duplicateFieldsAndUnknownNestedValuesAreReadAlikeOnBothPaths() {
        Reading reading = decode("""
                {"sessionId": "S", "deviceId": "d", "seq": 1, "ts": "2026-11-21T14:03:27Z", "hr": 80, "hr": 91,
                 "vendor": {"a": [1, {"b": null}], "hr": 300}, "seq": 2, "flags": [true, false]}""");

        assertThat(reading.hr()).isEqualTo(91);
        assertThat(reading.seq()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            boolean vital     | {"sessionId": "S", "deviceId": "d", "seq": 1, "ts": "2026-11-21T14:03:27Z", "hr": true}                  | hr
            object as ts      | {"sessionId": "S", "deviceId": "d", "seq": 1, "ts": {"at": 1}, "hr": 80}                                | ts
            seq beyond a long | {"sessionId": "S", "deviceId": "d", "seq": 99999999999999999999, "ts": "2026-11-21T14:03:27Z", "hr": 80} | seq
            null session      | {"sessionId": null, "deviceId": "d", "seq": 1, "ts": "2026-11-21T14:03:27Z", "hr": 80}                  | sessionId
            array as device   | {"sessionId": "S", "deviceId": ["d"], "seq": 1, "ts": "2026-11-21T14:03:27Z", "hr": 80}                 | deviceId
            """)
    void aFieldOfTheWrongKindIsRefusedAlikeOnBothPaths(String description, String json, String field) {
        assertThatThrownBy(() -> decode(json))
                .isInstanceOfSatisfying(InvalidReadingException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void everyFieldAtFaultIsReportedNotOnlyTheFirst() {
        assertThatThrownBy(() -> decode("""
                {"sessionId": "S S", "deviceId": "d", "seq": -1, "ts": "yesterday", "hr": 400, "spo2": "97", "sbp": 120}"""))
                .isInstanceOfSatisfying(InvalidReadingException.class, e -> {
                    assertThat(e.faults()).extracting(InvalidReadingException.Fault::field)
                            .containsExactly("sessionId", "seq", "ts", "hr", "spo2", "dbp");
                    assertThat(e.getMessage()).isEqualTo("sessionId: must be 1 to 64 characters of [A-Za-z0-9._-]; "
                            + "seq: must be 0 or more; ts: 'yesterday' is not an ISO-8601 instant such as 2026-11-21T14:03:27.000Z; "
                            + "hr: 400 is outside 0..300; spo2: must be a number; dbp: sbp and dbp come together from one cuff cycle");
                });
    }

    @ParameterizedTest(name = "{0} is quoted as sent")
    @CsvSource(delimiter = '|', textBlock = """
            1e309                | 1e309 is outside 0..300
            -1e309               | -1e309 is outside 0..300
            300.50               | 300.50 is outside 0..300
            99999999999999999999 | 99999999999999999999 is outside 0..300
            """)
    void aNumberOutOfRangeIsQuotedAsItWasSent(String sent, String reason) {
        assertThatThrownBy(() -> decode("{\"sessionId\": \"S\", \"deviceId\": \"d\", \"seq\": 1, "
                + "\"ts\": \"2026-11-21T14:03:27Z\", \"hr\": " + sent + "}"))
                .isInstanceOfSatisfying(InvalidReadingException.class, e -> assertThat(e.getMessage()).isEqualTo("hr: " + reason));
    }

    /** The monitors' own form is read digit by digit; every instant reads as the full ISO parser reads it. */
    @Test
    void timestampsReadAsTheIsoParserReadsThem() {
        Random random = new Random(3);
        DateTimeFormatter monitors = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
        for (int i = 0; i < 20_000; i++) {
            String withMillis = monitors.format(Instant.ofEpochMilli(random.nextLong(-62_000_000_000_000L, 253_000_000_000_000L)));
            assertThat(IsoInstant.parse(withMillis)).as(withMillis).isEqualTo(OffsetDateTime.parse(withMillis).toInstant());
            String seconds = withMillis.substring(0, 19) + "Z";
            assertThat(IsoInstant.parse(seconds)).as(seconds).isEqualTo(OffsetDateTime.parse(seconds).toInstant());
        }
        for (String wrong : new String[] {"2026-02-29T10:00:00Z", "2026-13-01T10:00:00.000Z", "2026-11-21T24:00:00Z",
                "2026-11-21T23:60:00Z", "2026-11-21T23:59:60.000Z", "2026-11-21T14:03:27.0a0Z", "2026-11-21 14:03:27Z",
                "2026-11-21T14:03:27.000", "2026-11-2xT14:03:27Z"}) {
            assertThat(IsoInstant.parse(wrong)).as(wrong).isNull();
        }
        assertThat(IsoInstant.parse("2024-02-29T10:00:00.5+02:00")).isEqualTo(Instant.parse("2024-02-29T08:00:00.500Z"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a second object after the frame  | {"sessionId": "S", "deviceId": "d", "seq": 1, "ts": "2026-11-21T14:03:27Z", "hr": 80}{"x": 1}
            a NUL and garbage after it       | {"sessionId": "S", "deviceId": "d", "seq": 1, "ts": "2026-11-21T14:03:27Z", "hr": 80}\\u0000garbage
            a second frame after it          | {"sessionId": "S", "deviceId": "d", "seq": 1, "ts": "2026-11-21T14:03:27Z", "hr": 80} {"sessionId": "S", "deviceId": "d", "seq": 2, "ts": "2026-11-21T14:03:28Z", "hr": 80}
            """)
    void aRecordIsOneJsonValueWithNothingAfterIt(String description, String json) {
        String record = json.replace("\\u0000", "\u0000");
        assertThatThrownBy(() -> decode(record))
                .isInstanceOfSatisfying(InvalidReadingException.class, e -> assertThat(e.getMessage()).contains("not valid JSON"));
    }

    @Test
    void aFrameDatedFurtherAheadOfTheReceivingClockThanTheMarginIsRefused() {
        String within = "{\"sessionId\": \"S\", \"deviceId\": \"d\", \"seq\": 1, \"ts\": \"" + NOW.plusSeconds(60) + "\", \"hr\": 80}";
        assertThat(decode(within).ts()).isEqualTo(NOW.plusSeconds(60));

        String yearAhead = "{\"sessionId\": \"S\", \"deviceId\": \"d\", \"seq\": 2, \"ts\": \"2027-11-21T15:03:27Z\", \"hr\": 80}";
        assertThatThrownBy(() -> decode(yearAhead))
                .isInstanceOfSatisfying(InvalidReadingException.class, e -> {
                    assertThat(e.field()).isEqualTo("ts");
                    assertThat(e.getMessage()).contains("31536000 s ahead of the receiving clock", "clock is wrong");
                });
    }
}
