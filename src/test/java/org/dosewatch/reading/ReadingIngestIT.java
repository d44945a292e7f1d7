package org.dosewatch.reading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.dosewatch.testing.Frames.calm;
import static org.dosewatch.testing.Frames.frame;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
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

@QuarkusTest
@WithTestResource(value = KafkaAndPostgres.class, scope = TestResourceScope.GLOBAL)
class ReadingIngestIT {

    private static String newSession() {
        return "IT-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void awaitLatest(String session, String vital, float value) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Login.NURSE.request()
                .get("/api/sessions/{id}", session)
                .then().statusCode(200)
                .body("latest." + vital, equalTo(value)));
    }

    @Test
    void framesFromTheTopicOpenAnUnregisteredSessionWithTheirVitals() {
        String session = newSession();

        TestKafka.send(Topics.READINGS, session, calm(session, 1),
                frame(session, session + "-monitor", 2, "\"hr\": 88, \"sbp\": 131, \"dbp\": 82, \"map\": 98"));

        awaitLatest(session, "hr", 88f);
        Login.NURSE.request().get("/api/sessions/{id}", session).then()
                .body("registered", equalTo(false))
                .body("phase", equalTo("PRE_DOSE"))
                .body("profile", equalTo("adult-ketamine"))
                .body("latest.spo2", equalTo(98f))
                .body("latest.sbp", equalTo(131f))
                .body("latest.ts", equalTo("2026-11-21T14:00:02Z"))
                .body("latest.bpTs", equalTo("2026-11-21T14:00:02Z"));
    }

    @Test
    void badRecordsGoToTheDeadLetterTopicWithAReasonWhileValidOnesKeepFlowing() {
        String session = newSession();
        String device = session + "-monitor";

        String truncated = "{\"sessionId\": \"" + session + "\", \"hr\": ";
        TestKafka.send(Topics.READINGS, session,
                calm(session, 1),
                truncated,
                "{\"sessionId\": \"" + session + "\", \"deviceId\": \"" + device + "\", \"seq\": 2, \"hr\": 80}",
                frame(session, device, 3, "\"spo2\": 101"),
                frame(session, device, 4, "\"sbp\": 120"),
                frame("someone-else", device, 5, "\"hr\": 80"),
                null,
                frame(session, device, 6, "\"hr\": 91"));

        List<TestKafka.Received> dead = TestKafka.awaitRecords(Topics.READINGS_DLQ, session, 6, Topics.DLQ_REASON);
        assertThat(dead).extracting(TestKafka.Received::header).containsExactly(
                "not valid JSON: Unexpected end-of-input within/between Object entries (line 1, column "
                        + (truncated.length() + 1) + ")",
                "ts: required",
                "spo2: 101 is outside 0..100",
                "dbp: sbp and dbp come together from one cuff cycle",
                "key: record key '" + session + "' is not the sessionId 'someone-else'; key readings by session id so they stay in order",
                "empty record: a reading must be a JSON object");
        assertThat(dead.get(1).value()).as("the record is dead-lettered as it came")
                .contains("\"seq\": 2, \"hr\": 80");
        awaitLatest(session, "hr", 91f);
    }

    @Test
    void duplicateAndOlderFramesAreCountedAndNotEvaluated() {
        String session = newSession();
        double duplicatesBefore = counter("dosewatch_readings_ignored_total{kind=\"duplicate\"");
        double outOfOrderBefore = counter("dosewatch_readings_ignored_total{kind=\"out-of-order\"");
        String device = session + "-monitor";

        TestKafka.send(Topics.READINGS, session,
                frame(session, device, 10, "\"hr\": 70"),
                frame(session, device, 10, "\"hr\": 70"),
                frame(session, device, 8, "\"hr\": 130"),
                frame(session, device, 11, "\"hr\": 71"));

        awaitLatest(session, "hr", 71f);
        assertThat(counter("dosewatch_readings_ignored_total{kind=\"duplicate\"")).isEqualTo(duplicatesBefore + 1);
        assertThat(counter("dosewatch_readings_ignored_total{kind=\"out-of-order\"")).isEqualTo(outOfOrderBefore + 1);
    }

    @Test
    void postedReadingsAreWrittenToTheTopicAndConsumed() {
        String session = newSession();

        Login.DEVICE.request()
                .body("[" + calm(session, 1) + ", " + frame(session, session + "-monitor", 2, "\"rr\": 9") + "]")
                .post("/api/readings")
                .then().statusCode(202).body("accepted", equalTo(2));

        assertThat(TestKafka.awaitRecords(Topics.READINGS, session, 2, Topics.DLQ_REASON))
                .extracting(TestKafka.Received::value)
                .allSatisfy(value -> assertThat(value).contains(session));
        awaitLatest(session, "rr", 9f);
    }

    @Test
    void aPostedBatchWithABadFrameIsRefusedWholeNamingFrameAndField() {
        String session = newSession();

        Login.DEVICE.request()
                .body("[" + calm(session, 1) + ", " + frame(session, "m", 2, "\"spo2\": 140") + "]")
                .post("/api/readings")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("detail", equalTo("[1].spo2: 140 is outside 0..100"))
                .body("errors.field", hasItem("[1].spo2"));
        Login.DEVICE.request()
                .body("{\"sessionId\": \"" + session + "\", \"deviceId\": \"x\", \"seq\": 1}")
                .post("/api/readings")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("ts: required; no vital sign: at least one of hr, spo2, rr, etco2, sbp/dbp, map is required"))
                .body("errors.field", contains("ts"));
        Login.DEVICE.request()
                .body(frame(session, "m", 3, "\"hr\": 1e309, \"spo2\": \"97\", \"rr\": -2"))
                .post("/api/readings")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("hr: 1e309 is outside 0..300; spo2: must be a number; rr: -2 is outside 0..80"))
                .body("errors.field", contains("hr", "spo2", "rr"));
        Login.DEVICE.request().body("{\"sessionId\": ").post("/api/readings")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("not valid JSON"));
        // Content after the frame: said in the client's terms, never as the parser's class names.
        String frame = frame(session, "m", 4, "\"hr\": 80");
        Login.DEVICE.request().body(frame + " {}").post("/api/readings")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("not valid JSON: content after the end of the JSON value (line 1, column "
                        + (frame.length() + 2) + ")"));
        Login.NURSE.request().get("/api/sessions/{id}", session).then().statusCode(404);
    }

    @Test
    void onlyDevicesPostReadings() {
        Login.NURSE.request().body(calm("IT-roles", 1)).post("/api/readings").then().statusCode(403);
        Login.CLINICIAN.request().body(calm("IT-roles", 1)).post("/api/readings").then().statusCode(403);
        Login.anonymous().body(calm("IT-roles", 1)).post("/api/readings").then().statusCode(401);
    }

    static double counter(String series) {
        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith(series))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
