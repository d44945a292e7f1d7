package org.dosewatch.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.dosewatch.testing.Frames.frame;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.dosewatch.Topics;
import org.dosewatch.testing.KafkaAndPostgres;
import org.dosewatch.testing.LocalPostgres;
import org.dosewatch.testing.Login;
import org.dosewatch.testing.TestKafka;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * The database is the alerts' record, not their path: while PostgreSQL is away the rules go on
 * evaluating, and every alert they raised is stored and published once it returns, however long
 * it was gone. No reading is dead-lettered for it.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgres.class, scope = TestResourceScope.GLOBAL)
class AlertStorageOutageIT {

    /** Longer than any retry window the service had: the alerts must wait, not expire. */
    private static final Duration OUTAGE = Duration.ofSeconds(40);

    @Test
    void everyAlertRaisedWhileTheDatabaseWasAwayIsStoredAndPublishedWhenItReturns() throws Exception {
        String session = "DB-" + UUID.randomUUID().toString().substring(0, 8);
        LocalPostgres database = KafkaAndPostgres.postgres();
        database.stopServer();
        try {
            // A desaturation to 84 % for 25 s, then recovery: SPO2_CRITICAL and SPO2_LOW, raised and cleared.
            List<String> frames = new ArrayList<>();
            for (int s = 0; s < 60; s++) {
                double spo2 = s >= 10 && s < 35 ? 84 : 98;
                frames.add(frame(session, session + "-m", s, "\"hr\": 80, \"rr\": 14, \"spo2\": " + spo2));
            }
            TestKafka.send(Topics.READINGS, session, frames.toArray(String[]::new));

            await().pollDelay(OUTAGE).atMost(OUTAGE.plusSeconds(10)).untilAsserted(() -> RestAssured.get("/q/health/ready")
                    .then().statusCode(503));
        } finally {
            database.startServer();
        }

        JsonPath alerts = await().atMost(Duration.ofSeconds(60)).until(() -> Login.NURSE.request()
                        .get("/api/alerts?sessionId={id}", session).then().statusCode(200).extract().jsonPath(),
                json -> json.getList("findAll { it.rule == 'SPO2_CRITICAL' && it.conditionPresent == false }").size() == 1
                        && json.getList("findAll { it.rule == 'SPO2_LOW' && it.state == 'RESOLVED' }").size() == 1);
        String critical = alerts.getString("find { it.rule == 'SPO2_CRITICAL' }.alertId");
        Login.NURSE.request().get("/api/alerts/{id}/events", critical).then().statusCode(200)
                .body("event", org.hamcrest.Matchers.equalTo(List.of("RAISED", "CLEARED")));

        List<TestKafka.Received> published = TestKafka.awaitRecords(Topics.ALERTS, session, 4, "none");
        assertThat(published).extracting(TestKafka.Received::value)
                .anySatisfy(event -> assertThat(event).contains("\"rule\":\"SPO2_CRITICAL\"", "\"event\":\"RAISED\""))
                .anySatisfy(event -> assertThat(event).contains("\"rule\":\"SPO2_CRITICAL\"", "\"event\":\"CLEARED\""));
        assertThat(TestKafka.recordsNow(Topics.READINGS_DLQ, session, Topics.DLQ_REASON, Duration.ofSeconds(3)))
                .as("no reading dead-lettered for want of a database").isEmpty();
        // The frames evaluated while it was away waited in memory, and are kept for review now.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Login.CLINICIAN.request().body("{}")
                .post("/api/sessions/{id}/what-if", session).then().statusCode(200)
                .body("frames", org.hamcrest.Matchers.equalTo(60)));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> RestAssured.get("/q/health/ready").then().statusCode(200));
    }
}
