package org.dosewatch.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.dosewatch.testing.Frames.frame;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.dosewatch.Topics;
import org.dosewatch.monitor.Monitors;
import org.dosewatch.monitor.Transition;
import org.dosewatch.monitor.Reading;
import org.dosewatch.rules.RuleProfiles;
import org.dosewatch.testing.FeedClient;
import org.dosewatch.testing.Frames;
import org.dosewatch.testing.KafkaAndPostgres;
import org.dosewatch.testing.Login;
import org.dosewatch.testing.TestKafka;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Alerts from readings to the database, the topic, the feed and the clinician's acknowledgement. */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgres.class, scope = TestResourceScope.GLOBAL)
class AlertIT {

    @TestHTTPResource("/api/feed")
    URI feed;

    @Inject
    AlertService alerts;

    @Inject
    RuleProfiles profiles;

    private static String newSession() {
        return "AL-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Frames at 1 Hz: SpO2 98 for {@code calm} seconds, then {@code low} for {@code seconds}, then 98 again for {@code after}. */
    private static void desaturation(String session, int calm, double low, int seconds, int after) {
        List<String> frames = new ArrayList<>();
        int total = calm + seconds + after;
        for (int s = 0; s < total; s++) {
            double spo2 = s >= calm && s < calm + seconds ? low : 98;
            frames.add(frame(session, session + "-m", s, "\"hr\": 80, \"rr\": 14, \"spo2\": " + spo2));
        }
        TestKafka.send(Topics.READINGS, session, frames.toArray(String[]::new));
    }

    private static JsonPath awaitAlert(String session, String rule, String state) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> Login.NURSE.request()
                        .get("/api/alerts?sessionId={id}", session).then().statusCode(200).extract().jsonPath(),
                json -> json.getList("findAll { it.rule == '" + rule + "' && it.state == '" + state + "' }").size() == 1);
    }

    /** The session's alerts once its SPO2_CRITICAL has latched: ACTIVE with the condition gone. */
    private static JsonPath awaitLatched(String session) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> Login.NURSE.request()
                .get("/api/alerts?sessionId={id}", session).then().extract().jsonPath(),
                json -> Boolean.FALSE.equals(json.get("find { it.rule == 'SPO2_CRITICAL' }.conditionPresent")));
    }

    private static String alertId(JsonPath alerts, String rule) {
        return alerts.getString("find { it.rule == '" + rule + "' }.alertId");
    }

    @Test
    void aDesaturationRaisesAnAlertInTheStoreOnTheTopicAndOnTheFeed() {
        String session = newSession();
        try (FeedClient dashboard = FeedClient.connect(feed, Login.NURSE)) {
            desaturation(session, 10, 83, 30, 0);

            JsonPath listed = awaitAlert(session, "SPO2_CRITICAL", "ACTIVE");
            String id = alertId(listed, "SPO2_CRITICAL");
            Login.NURSE.request().get("/api/alerts/{id}", id).then().statusCode(200)
                    .body("sessionId", equalTo(session))
                    .body("priority", equalTo("HIGH"))
                    .body("kind", equalTo("PHYSIOLOGICAL"))
                    .body("vital", equalTo("spo2"))
                    .body("value", equalTo(83f))
                    .body("threshold", equalTo(85f))
                    .body("worstValue", equalTo(83f))
                    .body("message", equalTo("SpO2 83 % at or below 85 %"))
                    .body("conditionPresent", equalTo(true))
                    .body("escalationLevel", equalTo(0))
                    .body("version", equalTo(1))
                    .body("onsetTs", equalTo(Frames.T0.plusSeconds(10).toString()))
                    .body("raisedAt", notNullValue())
                    .body("acknowledgedBy", nullValue())
                    .body("evidence.values[0]", equalTo(83f));

            List<TestKafka.Received> published = TestKafka.awaitRecords(Topics.ALERTS, session, 1, "none");
            assertThat(published.get(0).value()).contains("\"alertId\":\"" + id + "\"").contains("\"event\":\"RAISED\"");
            await().atMost(Duration.ofSeconds(10)).until(() -> dashboard.named("alert").stream()
                    .anyMatch(e -> e.data().contains(id) && e.data().contains("\"RAISED\"")));
            assertThat(dashboard.events().get(0).name()).isEqualTo("snapshot");
        }
    }

    @Test
    void aClinicianAcknowledgesOnceAndTheAuditTrailSaysWho() {
        String session = newSession();
        desaturation(session, 5, 84, 20, 0);
        String id = alertId(awaitAlert(session, "SPO2_CRITICAL", "ACTIVE"), "SPO2_CRITICAL");

        Login.NURSE.request().body("{}").post("/api/alerts/{id}/ack", id).then().statusCode(403);
        Login.anonymous().body("{}").post("/api/alerts/{id}/ack", id).then().statusCode(401);
        Login.CLINICIAN.request().body("{}").post("/api/alerts/{id}/ack", "no-such-alert")
                .then().statusCode(404).contentType("application/problem+json");
        Login.CLINICIAN.request().body("{\"note\": \"repositioned, oxygen on\"}").post("/api/alerts/{id}/ack", id)
                .then().statusCode(200)
                .body("state", equalTo("ACKNOWLEDGED"))
                .body("acknowledgedBy", equalTo("clinician"))
                .body("ackNote", equalTo("repositioned, oxygen on"))
                .body("acknowledgedAt", notNullValue());
        Login.CLINICIAN.request().body("{}").post("/api/alerts/{id}/ack", id)
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("ACKNOWLEDGED"));

        Login.NURSE.request().get("/api/alerts/{id}/events", id).then().statusCode(200)
                .body("event", equalTo(List.of("RAISED", "ACKNOWLEDGED")))
                .body("version", equalTo(List.of(1, 2)))
                .body("[1].by", equalTo("clinician"))
                .body("[1].note", equalTo("repositioned, oxygen on"))
                .body("[0].by", nullValue());
    }

    @Test
    void twoClinciansAcknowledgingAtOnceOneSucceedsTheOtherGets409() throws Exception {
        String session = newSession();
        desaturation(session, 5, 84, 20, 0);
        String id = alertId(awaitAlert(session, "SPO2_CRITICAL", "ACTIVE"), "SPO2_CRITICAL");

        List<CompletableFuture<Integer>> attempts = IntStream.range(0, 4)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> Login.CLINICIAN.request().body("{}")
                        .post("/api/alerts/{id}/ack", id).statusCode()))
                .toList();
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<Integer> attempt : attempts) {
            statuses.add(attempt.get());
        }

        assertThat(statuses).containsOnly(200, 409).filteredOn(s -> s == 200).hasSize(1);
        Login.NURSE.request().get("/api/alerts/{id}/events", id).then().body("event", equalTo(List.of("RAISED", "ACKNOWLEDGED")));
    }

    @Test
    void aHighAlertWhoseConditionClearsStaysActiveUntilAcknowledged() {
        String session = newSession();
        desaturation(session, 5, 84, 10, 30);

        JsonPath latched = awaitLatched(session);
        assertThat(latched.getString("find { it.rule == 'SPO2_CRITICAL' }.state")).isEqualTo("ACTIVE");
        String id = alertId(latched, "SPO2_CRITICAL");

        Login.CLINICIAN.request().body("{}").post("/api/alerts/{id}/ack", id).then().statusCode(200)
                .body("state", equalTo("RESOLVED"))
                .body("resolvedAt", notNullValue());
        Login.NURSE.request().get("/api/alerts/{id}/events", id).then()
                .body("event", equalTo(List.of("RAISED", "CLEARED", "ACKNOWLEDGED", "RESOLVED")));
    }

    @Test
    void endingTheSessionResolvesItsLatchedHighAlertSayingWhoEndedItAndItNeverEscalates() {
        String session = newSession();
        desaturation(session, 5, 84, 10, 30);
        JsonPath latched = awaitLatched(session);
        String id = alertId(latched, "SPO2_CRITICAL");

        Login.CLINICIAN.request().body("{}").post("/api/sessions/{id}/end", session).then().statusCode(200);

        awaitAlert(session, "SPO2_CRITICAL", "RESOLVED");
        Login.NURSE.request().get("/api/alerts/{id}/events", id).then()
                .body("event", equalTo(List.of("RAISED", "CLEARED", "RESOLVED")))
                .body("by[2]", equalTo(Login.CLINICIAN.user()))
                .body("note[2]", equalTo("Session ended by " + Login.CLINICIAN.user()));
        alerts.escalateDue(Instant.now().plusSeconds(3600)).await().atMost(Duration.ofSeconds(10));
        Login.NURSE.request().get("/api/alerts/{id}", id).then()
                .body("state", equalTo("RESOLVED"))
                .body("escalationLevel", equalTo(0));
    }

    @Test
    void aMediumAlertResolvesOnItsOwnWhenTheConditionClears() {
        String session = newSession();
        desaturation(session, 5, 88, 20, 15);

        JsonPath resolved = awaitAlert(session, "SPO2_LOW", "RESOLVED");
        Login.NURSE.request().get("/api/alerts/{id}/events", alertId(resolved, "SPO2_LOW")).then()
                .body("event", equalTo(List.of("RAISED", "RESOLVED")));
    }

    @Test
    void anUnacknowledgedHighAlertEscalatesOnTimeAndEveryMinuteAfter() {
        String session = newSession();
        desaturation(session, 5, 84, 20, 0);
        JsonPath listed = awaitAlert(session, "SPO2_CRITICAL", "ACTIVE");
        String id = alertId(listed, "SPO2_CRITICAL");
        Instant raisedAt = Instant.parse(listed.getString("find { it.rule == 'SPO2_CRITICAL' }.raisedAt"));

        alerts.escalateDue(raisedAt.plusSeconds(59)).await().atMost(Duration.ofSeconds(10));
        Login.NURSE.request().get("/api/alerts/{id}", id).then().body("escalationLevel", equalTo(0));
        alerts.escalateDue(raisedAt.plusSeconds(60)).await().atMost(Duration.ofSeconds(10));
        alerts.escalateDue(raisedAt.plusSeconds(90)).await().atMost(Duration.ofSeconds(10));
        alerts.escalateDue(raisedAt.plusSeconds(120)).await().atMost(Duration.ofSeconds(10));

        Login.NURSE.request().get("/api/alerts/{id}", id).then().body("escalationLevel", equalTo(2));
        Login.NURSE.request().get("/api/alerts/{id}/events", id).then()
                .body("event", equalTo(List.of("RAISED", "ESCALATED", "ESCALATED")))
                .body("escalationLevel", equalTo(List.of(0, 1, 2)));
    }

    @Test
    void replayingTheSameReadingsStoresNoNewAlertOrEvent() {
        String session = newSession();
        List<Reading> readings = new ArrayList<>();
        for (int s = 0; s < 90; s++) {
            double spo2 = s < 10 ? 98 : s < 40 ? 84 - s % 3 : 98;
            readings.add(new Reading(session, session + "-m", s, Frames.T0.plusSeconds(s), 80, spo2, 14, Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN));
        }

        List<Transition> first = evaluate(readings);
        alerts.apply(first).await().atMost(Duration.ofSeconds(20));
        String before = storedState(session);
        // As after a crash before the offsets were committed: a fresh engine sees the same readings again.
        List<Transition> again = evaluate(readings);
        alerts.apply(again).await().atMost(Duration.ofSeconds(20));

        assertThat(again).isEqualTo(first);
        assertThat(storedState(session)).isEqualTo(before).contains("SPO2_CRITICAL");
    }

    private List<Transition> evaluate(List<Reading> readings) {
        Monitors monitors = new Monitors(id -> profiles.defaults());
        List<Transition> transitions = new ArrayList<>();
        for (Reading reading : readings) {
            monitors.onReading(reading, reading.ts().toEpochMilli(), transitions::add);
        }
        return transitions;
    }

    private static String storedState(String session) {
        JsonPath listed = Login.NURSE.request().get("/api/alerts?sessionId={id}", session).then().extract().jsonPath();
        StringBuilder state = new StringBuilder();
        for (String id : listed.getList("alertId", String.class)) {
            state.append(Login.NURSE.request().get("/api/alerts/{id}", id).then().extract().jsonPath().getString("rule"))
                    .append(' ').append(Login.NURSE.request().get("/api/alerts/{id}/events", id).then().extract()
                            .jsonPath().getList("collect { it.event + ':' + it.version }")).append('\n');
        }
        return state.toString();
    }

    @Test
    void aLateDashboardGetsEveryOpenAlertInItsSnapshot() {
        String session = newSession();
        desaturation(session, 5, 84, 20, 0);
        String id = alertId(awaitAlert(session, "SPO2_CRITICAL", "ACTIVE"), "SPO2_CRITICAL");

        try (FeedClient late = FeedClient.connect(feed, Login.CLINICIAN)) {
            assertThat(late.status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> !late.named("snapshot").isEmpty());
            String snapshot = late.named("snapshot").get(0).data();
            assertThat(JsonPath.from(snapshot).getList("alerts.alertId", String.class)).contains(id);
            assertThat(JsonPath.from(snapshot).getList("sessions.id", String.class)).contains(session);
        }
    }

    @Test
    void theFeedNeedsANurseOrClinicianLogin() {
        Login.anonymous().accept("text/event-stream").get("/api/feed").then().statusCode(401);
        Login.DEVICE.request().accept("text/event-stream").get("/api/feed").then().statusCode(403);
    }

    @Test
    void theDoseWaitsForTheAcknowledgementOfAHighPreDoseBloodPressure() {
        String session = newSession();
        Login.CLINICIAN.request().body("{\"id\": \"" + session + "\", \"patientRef\": \"MRN-9\", \"room\": \"9\", "
                + "\"drug\": \"ESKETAMINE\", \"route\": \"INTRANASAL\", "
                + "\"baseline\": {\"hr\": 80, \"sbp\": 158, \"dbp\": 95, \"rr\": 14, \"spo2\": 98}}")
                .post("/api/sessions").then().statusCode(201);
        desaturation(session, 30, 98, 0, 0);
        String id = alertId(awaitAlert(session, "PREDOSE_BP_HIGH", "ACTIVE"), "PREDOSE_BP_HIGH");

        Login.CLINICIAN.request().body("{\"doseMg\": 56}").post("/api/sessions/{id}/dose", session)
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("PREDOSE_BP_HIGH"));
        Login.CLINICIAN.request().body("{\"note\": \"repeat BP 138/86, proceed\"}").post("/api/alerts/{id}/ack", id)
                .then().statusCode(200);

        Login.CLINICIAN.request().body("{\"doseMg\": 56}").post("/api/sessions/{id}/dose", session).then().statusCode(200);
    }

    @Test
    void badFiltersAreRefusedNamingTheField() {
        Login.NURSE.request().get("/api/alerts?priority=URGENT").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("priority"));
        Login.NURSE.request().get("/api/alerts?state=SLEEPING").then().statusCode(400).body("detail", containsString("state"));
        Login.NURSE.request().get("/api/alerts?state=open&priority=high").then().statusCode(200);
    }

}
