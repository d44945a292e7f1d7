package org.dosewatch.protocol;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.dosewatch.Topics;
import org.dosewatch.testing.Frames;
import org.dosewatch.testing.KafkaAndPostgres;
import org.dosewatch.testing.Login;
import org.dosewatch.testing.TestKafka;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The checklist over REST, from the session's dose, its monitor's NIBP readings and the nurse's observations. */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgres.class, scope = TestResourceScope.GLOBAL)
class ProtocolIT {

    private static String frame(String id, long seq, Instant ts, String vitals) {
        return Frames.frame(id, id + "-m", seq, ts, vitals);
    }

    @Test
    void anEsketamineSessionWhoseFortyMinuteBloodPressureWasMissedShowsItOverdue() {
        String id = "PR-" + UUID.randomUUID().toString().substring(0, 8);
        Instant dose = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(50));
        Login.CLINICIAN.request().body("{\"id\": \"" + id + "\", \"patientRef\": \"MRN-41\", \"room\": \"41\", "
                + "\"drug\": \"ESKETAMINE\", \"route\": \"INTRANASAL\"}").post("/api/sessions").then().statusCode(201);
        // The monitor took a blood pressure before the dose and none at 40 minutes.
        TestKafka.send(Topics.READINGS, id,
                frame(id, 1, dose.minus(Duration.ofMinutes(8)), "\"hr\": 74, \"spo2\": 98, \"rr\": 14, \"sbp\": 128, \"dbp\": 80"),
                frame(id, 2, dose.plus(Duration.ofMinutes(20)), "\"hr\": 80, \"spo2\": 97, \"rr\": 14"),
                frame(id, 3, dose.plus(Duration.ofMinutes(49)), "\"hr\": 78, \"spo2\": 97, \"rr\": 14"));
        Login.CLINICIAN.request().body("{\"doseMg\": 56, \"at\": \"" + dose + "\"}").post("/api/sessions/{id}/dose", id)
                .then().statusCode(200);

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Login.NURSE.request()
                .get("/api/sessions/{id}/protocol", id).then().statusCode(200)
                .body("findAll { it.name == 'BP before the dose' }.status", contains("DONE"))
                .body("findAll { it.name == 'BP at 40 min' }.status", contains("OVERDUE"))
                .body("findAll { it.name.startsWith('MOAA/S') }.status", contains("OVERDUE", "OVERDUE", "OVERDUE", "UPCOMING"))
                .body("find { it.name == 'BP at 40 min' }.dueAt", equalTo(dose.plus(Duration.ofMinutes(40)).toString())));

        // Once the patient is recorded alert, no further sedation check is scheduled.
        Login.NURSE.request().body("{\"moaas\": 5}").post("/api/sessions/{id}/observations", id).then().statusCode(201);
        Login.NURSE.request().get("/api/sessions/{id}/protocol", id).then().statusCode(200)
                .body("findAll { it.name.startsWith('MOAA/S') }.status", contains("OVERDUE", "OVERDUE", "OVERDUE"));
        Login.NURSE.request().get("/api/sessions/{id}/protocol", "PR-nobody").then().statusCode(404);
        Login.DEVICE.request().get("/api/sessions/{id}/protocol", id).then().statusCode(403);
    }

    /**
     * A check is done when its reading was taken, not at the 15-second summary that holds it: a
     * blood pressure taken exactly at its window's opening counts, and is reported at its own time.
     */
    @Test
    void aBloodPressureTakenAsItsWindowOpensCountsAtTheTimeItWasTaken() {
        String id = "PR-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(50));
        // A dose 7 s past a summary's start, so the summary holding the reading starts before the window.
        Instant dose = now.minusSeconds(Math.floorMod(now.getEpochSecond() - 7, 15));
        Instant windowOpens = dose.plus(Duration.ofMinutes(35));
        Login.CLINICIAN.request().body("{\"id\": \"" + id + "\", \"patientRef\": \"MRN-42\", \"room\": \"42\", "
                + "\"drug\": \"ESKETAMINE\", \"route\": \"INTRANASAL\"}").post("/api/sessions").then().statusCode(201);
        Login.CLINICIAN.request().body("{\"doseMg\": 56, \"at\": \"" + dose + "\"}").post("/api/sessions/{id}/dose", id)
                .then().statusCode(200);
        TestKafka.send(Topics.READINGS, id,
                frame(id, 1, dose.minus(Duration.ofMinutes(8)), "\"hr\": 74, \"spo2\": 98, \"rr\": 14, \"sbp\": 128, \"dbp\": 80"),
                frame(id, 2, windowOpens, "\"hr\": 80, \"spo2\": 97, \"rr\": 14, \"sbp\": 131, \"dbp\": 82"),
                frame(id, 3, dose.plus(Duration.ofMinutes(49)), "\"hr\": 78, \"spo2\": 97, \"rr\": 14"));

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Login.NURSE.request()
                .get("/api/sessions/{id}/protocol", id).then().statusCode(200)
                .body("find { it.name == 'BP at 40 min' }.status", equalTo("DONE"))
                .body("find { it.name == 'BP at 40 min' }.doneAt", equalTo(windowOpens.toString()))
                .body("find { it.name == 'BP before the dose' }.doneAt", equalTo(dose.minus(Duration.ofMinutes(8)).toString())));
    }
}
