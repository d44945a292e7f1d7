package org.dosewatch.reading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.dosewatch.testing.Frames.frame;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.dosewatch.Topics;
import org.dosewatch.testing.KafkaAndPostgres;
import org.dosewatch.testing.Login;
import org.dosewatch.testing.TestKafka;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * What a misbehaving device or a broken gateway sends never stops monitoring: every bad record
 * is dead-lettered with its reason, and the patient's next desaturation is still raised.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgres.class, scope = TestResourceScope.GLOBAL)
class HostileInputIT {

    private static String newSession() {
        return "HI-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A frame dated {@code second} seconds after {@code start}, live. */
    private static String at(String session, int seq, Instant ts, String vitals) {
        return frame(session, session + "-m", seq, vitals).replaceFirst("\"ts\": \"[^\"]+\"", "\"ts\": \"" + ts + "\"");
    }

    /** Live frames from a minute ago: calm, then SpO2 80 % from the 20th second on. */
    private static List<String> desaturation(String session, Instant start, int from, int to) {
        List<String> frames = new ArrayList<>();
        for (int s = from; s < to; s++) {
            frames.add(at(session, s, start.plusSeconds(s), "\"hr\": 80, \"rr\": 14, \"spo2\": " + (s < 20 ? 98 : 80)));
        }
        return frames;
    }

    private static void awaitRaised(String session, String rule) {
        await().atMost(Duration.ofSeconds(30)).until(() -> Login.NURSE.request()
                .get("/api/alerts?sessionId={id}", session).then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.rule == '" + rule + "' }").size() == 1);
    }

    private static Instant aMinuteAgo() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
    }

    @Test
    void aFrameFromAMonitorClockAYearAheadIsDeadLetteredAndTheDesaturationAfterItIsRaised() {
        String session = newSession();
        Instant start = aMinuteAgo();
        List<String> frames = new ArrayList<>(desaturation(session, start, 0, 10));
        frames.add(at(session, 10, start.plus(365, ChronoUnit.DAYS), "\"hr\": 80, \"rr\": 14, \"spo2\": 98"));
        frames.addAll(desaturation(session, start, 11, 40));
        TestKafka.send(Topics.READINGS, session, frames.toArray(String[]::new));

        awaitRaised(session, "SPO2_CRITICAL");
        List<TestKafka.Received> dead = TestKafka.awaitRecords(Topics.READINGS_DLQ, session, 1, Topics.DLQ_REASON);
        assertThat(dead.get(0).header()).contains("ahead of the receiving clock", "the monitor's clock is wrong");
        RestAssured.get("/q/metrics").then().body(org.hamcrest.Matchers.containsString(
                "dosewatch_readings_rejected_total{reason=\"ts\"}"));
    }

    @Test
    void aMalformedRecordOfAlmostAMebibyteIsDeadLetteredTruncatedAndMonitoringGoesOn() {
        String session = newSession();
        Instant start = aMinuteAgo();
        String huge = "{\"sessionId\": \"" + session + "\", \"junk\": \"" + "x".repeat(1_040_000) + "\"";
        List<String> frames = new ArrayList<>(desaturation(session, start, 0, 10));
        frames.add(huge);
        frames.addAll(desaturation(session, start, 10, 40));
        TestKafka.send(Topics.READINGS, session, frames.toArray(String[]::new));

        awaitRaised(session, "SPO2_CRITICAL");
        List<TestKafka.Received> dead = TestKafka.awaitRecords(Topics.READINGS_DLQ, session, 1, Topics.DLQ_REASON);
        assertThat(dead.get(0).header()).contains("not valid JSON");
        assertThat(dead.get(0).value()).hasSize(org.dosewatch.rules.EvaluationTopology.TRUNCATED_BYTES).startsWith("{\"sessionId\": \"" + session);
        assertThat(TestKafka.awaitRecords(Topics.READINGS_DLQ, session, 1, "dlq-truncated").get(0).header())
                .isEqualTo(Integer.toString(huge.length()));
        RestAssured.get("/q/health/live").then().statusCode(200);
        RestAssured.get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void anythingAfterTheFrameMakesTheRecordBad() {
        String session = newSession();
        Instant start = aMinuteAgo();
        String valid = at(session, 0, start, "\"hr\": 80, \"rr\": 14, \"spo2\": 98");
        TestKafka.send(Topics.READINGS, session, valid + "{\"x\":1}", valid + "\u0000garbage");

        List<TestKafka.Received> dead = TestKafka.awaitRecords(Topics.READINGS_DLQ, session, 2, Topics.DLQ_REASON);
        assertThat(dead).extracting(TestKafka.Received::header).allSatisfy(reason -> assertThat(reason).contains("not valid JSON"));
        Login.NURSE.request().get("/api/sessions/{id}", session).then().statusCode(404);
    }

    @Test
    void aFloodOfBadRecordsIsDeadLetteredWhileTheValidFramesBetweenThemAreEvaluated() {
        String session = newSession();
        Instant start = aMinuteAgo();
        int badPerFrame = 500;
        List<String> records = new ArrayList<>();
        for (String valid : desaturation(session, start, 0, 40)) {
            for (int i = 0; i < badPerFrame; i++) {
                records.add("{\"sessionId\": \"" + session + "\", \"deviceId\": \"broken\", \"seq\": \"" + i + "\"}");
            }
            records.add(valid);
        }
        TestKafka.send(Topics.READINGS, session, records.toArray(String[]::new));

        awaitRaised(session, "SPO2_CRITICAL");
        List<TestKafka.Received> dead = TestKafka.awaitRecords(Topics.READINGS_DLQ, session, 40 * badPerFrame, Topics.DLQ_REASON);
        assertThat(dead).hasSize(40 * badPerFrame)
                .extracting(TestKafka.Received::header).allSatisfy(reason -> assertThat(reason).isEqualTo(
                        "seq: must be a whole number; ts: required; no vital sign: at least one of hr, spo2, rr, etco2, sbp/dbp, map is required"));
    }
}
