package org.dosewatch.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import org.dosewatch.testing.KafkaAndPostgres;
import org.dosewatch.testing.Login;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The alarm-burden report against sessions, alerts and acknowledgements this test wrote itself,
 * on a day of their own, so every figure can be worked out by hand.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgres.class, scope = TestResourceScope.GLOBAL)
class AlarmReportIT {

    @Inject
    Pool database;

    /** A day in 2001 that no other test writes to. */
    private final Instant day = Instant.parse("2001-01-01T00:00:00Z").plus(Duration.ofDays(ThreadLocalRandom.current().nextInt(360)));
    private final String tag = Long.toString(System.nanoTime() % 1_000_000);

    private Instant at(String clock) {
        return day.plus(Duration.between(Instant.parse("2001-01-01T00:00:00Z"), Instant.parse("2001-01-01T" + clock + "Z")));
    }

    private void session(String id, String from, String to, String dose, String route, String ready) {
        database.preparedQuery("INSERT INTO dosing_session (id, registered, drug, route, created_at, dose_at, ended_at, ready_at) "
                        + "VALUES ($1, true, 'KETAMINE', $2, $3, $4, $5, $6)")
                .execute(Tuple.from(Arrays.asList(id, route, at(from).atOffset(ZoneOffset.UTC),
                        dose == null ? null : at(dose).atOffset(ZoneOffset.UTC), to == null ? null : at(to).atOffset(ZoneOffset.UTC),
                        ready == null ? null : at(ready).atOffset(ZoneOffset.UTC))))
                .await().indefinitely();
    }

    /** An alert raised at its onset, acknowledged {@code ackAfter} seconds later (null: never) for the reason given. */
    private String alert(String session, String rule, String priority, String onset, Integer ackAfter, String reason) {
        String id = session + "-" + rule + "-" + onset.replace(":", "");
        Instant raised = at(onset);
        database.preparedQuery("INSERT INTO alert (alert_id, session_id, rule, kind, priority, state, condition_present, "
                        + "escalation_level, message, onset_ts, reading_ts, raised_at, acknowledged_by, acknowledged_at, "
                        + "ack_reason, version) VALUES ($1, $2, $3, 'PHYSIOLOGICAL', $4, $5, false, 0, 'written by the test', "
                        + "$6, $6, $6, $7, $8, $9, 1)")
                .execute(Tuple.from(Arrays.asList(id, session, rule, priority, ackAfter == null ? "ACTIVE" : "RESOLVED",
                        raised.atOffset(ZoneOffset.UTC), ackAfter == null ? null : "dr.test",
                        ackAfter == null ? null : raised.plusSeconds(ackAfter).atOffset(ZoneOffset.UTC), reason)))
                .await().indefinitely();
        return id;
    }

    private JsonPath report(Object from, Object to) {
        return Login.CLINICIAN.request().get("/api/reports/alarms?from={from}&to={to}", from.toString(), to.toString())
                .then().log().ifValidationFails().statusCode(200).extract().jsonPath();
    }

    private static Map<String, Object> row(JsonPath report, String rule, String priority, String phase) {
        List<Map<String, Object>> rows = report.getList("rows");
        return rows.stream().filter(r -> rule.equals(r.get("rule")) && priority.equals(r.get("priority"))
                && phase.equals(r.get("phase"))).findFirst().orElseThrow(() -> new AssertionError(rule + " " + phase + " in " + rows));
    }

    @Test
    void theFiguresAreThoseOfTheAlertsAndAcknowledgementsWritten() {
        // An IV session of 2 h, dosed at 08:10 (DOSING for the 40-minute infusion), ready at 09:40;
        // a second one of 1 h with no alarm: 3 session-hours in all.
        String busy = "AR-" + tag + "-1";
        session(busy, "08:00:00", "10:00:00", "08:10:00", "IV", "09:40:00");
        session("AR-" + tag + "-2", "11:00:00", "12:00:00", null, "IM", null);
        alert(busy, "HR_HIGH", "MEDIUM", "08:05:00", 10, "TECHNICAL");
        alert(busy, "SPO2_LOW", "MEDIUM", "08:20:00", 30, "ACTIONABLE");
        alert(busy, "SPO2_LOW", "MEDIUM", "08:30:00", 90, "NOT_ACTIONABLE");
        alert(busy, "SPO2_LOW", "MEDIUM", "09:00:00", null, null);
        alert(busy, "SIGNAL_LOSS", "MEDIUM", "09:45:00", 60, null);

        JsonPath report = report(day.toString().substring(0, 10), day.plus(Duration.ofDays(1)).toString().substring(0, 10));

        assertThat(report.getInt("sessions")).isEqualTo(2);
        assertThat(report.getDouble("sessionHours")).isEqualTo(3.0);
        assertThat(report.getInt("alarms")).isEqualTo(5);
        assertThat(report.getDouble("perSessionHour")).isCloseTo(5 / 3.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(report.getDouble("topTenthShare")).as("one session of two raised them all").isEqualTo(1.0);
        Map<String, Object> dosing = row(report, "SPO2_LOW", "MEDIUM", "DOSING");
        assertThat(dosing).containsEntry("count", 2).containsEntry("acknowledged", 2)
                .containsEntry("medianSecondsToAcknowledge", 60.0f).containsEntry("actionableShare", 0.5f);
        assertThat(((Number) dosing.get("perSessionHour")).doubleValue()).isCloseTo(2 / 3.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(row(report, "SPO2_LOW", "MEDIUM", "OBSERVATION")).containsEntry("count", 1).containsEntry("acknowledged", 0)
                .containsEntry("medianSecondsToAcknowledge", null).containsEntry("actionableShare", null);
        assertThat(row(report, "HR_HIGH", "MEDIUM", "PRE_DOSE")).containsEntry("medianSecondsToAcknowledge", 10.0f)
                .containsEntry("actionableShare", 0.0f);
        assertThat(row(report, "SIGNAL_LOSS", "MEDIUM", "DISCHARGE_READY")).containsEntry("acknowledged", 1)
                .containsEntry("actionableShare", null);
        List<Map<String, Object>> rules = report.getList("rules");
        assertThat(rules.get(0)).containsEntry("rule", "SPO2_LOW").containsEntry("count", 3).containsEntry("acknowledged", 2)
                .containsEntry("medianSecondsToAcknowledge", 60.0f).containsEntry("actionableShare", 0.5f);
    }

    @Test
    void aReasonGivenWithAnAcknowledgementThroughTheApiIsCountedAndKeptInTheAuditTrail() {
        String session = "AR-" + tag + "-3";
        // Still open, so the sweep that resolves an ended session's alerts leaves this one ACTIVE.
        session(session, "13:00:00", null, "13:05:00", "INTRANASAL", null);
        String id = alert(session, "RR_LOW", "MEDIUM", "13:30:00", null, null);
        database.preparedQuery("UPDATE alert SET condition_present = true WHERE alert_id = $1").execute(Tuple.of(id))
                .await().indefinitely();

        Login.CLINICIAN.request().body("{\"reason\": \"actionable\"}").post("/api/alerts/{id}/ack", id).then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("reason"));
        Login.CLINICIAN.request().body("{\"reason\": \"ACTIONABLE\", \"note\": \"stimulated, breathing\"}")
                .post("/api/alerts/{id}/ack", id).then().statusCode(200)
                .body("ackReason", equalTo("ACTIONABLE")).body("ackNote", equalTo("stimulated, breathing"));
        Login.NURSE.request().get("/api/alerts/{id}/events", id).then().statusCode(200)
                .body("find { it.event == 'ACKNOWLEDGED' }.reason", equalTo("ACTIONABLE"));

        JsonPath report = report(at("13:30:00"), at("13:30:01"));
        assertThat(row(report, "RR_LOW", "MEDIUM", "OBSERVATION")).containsEntry("acknowledged", 1)
                .containsEntry("actionableShare", 1.0f);
        // Ended, so its hours do not run on into the other tests' windows.
        database.preparedQuery("UPDATE dosing_session SET ended_at = $2 WHERE id = $1")
                .execute(Tuple.of(session, at("14:00:00").atOffset(ZoneOffset.UTC))).await().indefinitely();
    }

    @Test
    void aWindowThatIsNotOneIsABadRequest() {
        Login.CLINICIAN.request().get("/api/reports/alarms?from=yesterday").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("from: 'yesterday' is not an instant"));
        Login.CLINICIAN.request().get("/api/reports/alarms?from=2026-11-30&to=2026-11-29").then().statusCode(400)
                .body("detail", containsString("is not before to"));
        Login.NURSE.request().get("/api/reports/alarms").then().statusCode(403);
        Login.CLINICIAN.request().get("/api/reports/alarms").then().statusCode(200).body("rows", org.hamcrest.Matchers.notNullValue());
    }
}
