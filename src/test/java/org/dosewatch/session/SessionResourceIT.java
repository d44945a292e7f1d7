package org.dosewatch.session;

import static org.dosewatch.testing.Frames.calm;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.dosewatch.Topics;
import org.dosewatch.testing.KafkaAndPostgres;
import org.dosewatch.testing.Login;
import org.dosewatch.testing.TestKafka;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = KafkaAndPostgres.class, scope = TestResourceScope.GLOBAL)
class SessionResourceIT {

    private static String session(String id, String drug, String route) {
        return """
                {"id": "%s", "patientRef": "MRN-88213", "room": "3", "drug": "%s", "route": "%s",
                 "plannedDoseMg": 35, "weightKg": 70,
                 "baseline": {"hr": 72, "sbp": 124, "dbp": 78, "rr": 14, "spo2": 98}}""".formatted(id, drug, route);
    }

    private static String newId() {
        return "KS-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aClinicianRegistersASessionAndNursesSeeIt() {
        String id = newId();

        Login.CLINICIAN.request().body(session(id, "KETAMINE", "IV")).post("/api/sessions")
                .then().statusCode(201)
                .header("Location", endsWith("/api/sessions/" + id))
                .body("id", equalTo(id))
                .body("registered", equalTo(true))
                .body("phase", equalTo("PRE_DOSE"))
                .body("createdBy", equalTo("clinician"));

        Login.NURSE.request().get("/api/sessions/{id}", id).then().statusCode(200)
                .body("patientRef", equalTo("MRN-88213"))
                .body("room", equalTo("3"))
                .body("drug", equalTo("KETAMINE"))
                .body("route", equalTo("IV"))
                .body("profile", equalTo("adult-ketamine"))
                .body("baseline.sbp", equalTo(124f))
                .body("doseAt", nullValue())
                .body("latest", notNullValue())
                .body("activeAlerts.size()", equalTo(0));
        Login.NURSE.request().get("/api/sessions?state=open").then().statusCode(200).body("id", hasItem(id));
        Login.NURSE.request().get("/api/sessions?state=PRE_DOSE").then().statusCode(200).body("id", hasItem(id));
        Login.NURSE.request().get("/api/sessions?state=ended").then().statusCode(200).body("id", not(hasItem(id)));
    }

    @Test
    void aSessionWithoutIdGetsOne() {
        Login.CLINICIAN.request().body(session(newId(), "ESKETAMINE", "INTRANASAL").replaceFirst("\"id\": \"[^\"]+\",", ""))
                .post("/api/sessions")
                .then().statusCode(201)
                .body("id", startsWith("KS-"));
    }

    @Test
    void theSameIdTwiceIsAConflict() {
        String id = newId();
        Login.CLINICIAN.request().body(session(id, "KETAMINE", "IM")).post("/api/sessions").then().statusCode(201);

        Login.CLINICIAN.request().body(session(id, "KETAMINE", "IM")).post("/api/sessions")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString(id));
    }

    @Test
    void registeringASessionItsMonitorOpenedCompletesIt() {
        String id = newId();
        TestKafka.send(Topics.READINGS, id, calm(id, 1));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                Login.NURSE.request().get("/api/sessions/{id}", id).then().statusCode(200).body("registered", equalTo(false)));

        Login.CLINICIAN.request().body(session(id, "KETAMINE", "SUBLINGUAL")).post("/api/sessions")
                .then().statusCode(201)
                .body("registered", equalTo(true))
                .body("route", equalTo("SUBLINGUAL"))
                .body("latest.hr", equalTo(72f));
    }

    @Test
    void anIvDoseStartsTheInfusionAndOtherRoutesGoStraightToObservation() {
        String iv = newId();
        String im = newId();
        Login.CLINICIAN.request().body(session(iv, "KETAMINE", "IV")).post("/api/sessions").then().statusCode(201);
        Login.CLINICIAN.request().body(session(im, "KETAMINE", "IM")).post("/api/sessions").then().statusCode(201);

        Login.CLINICIAN.request().body("{\"doseMg\": 35}").post("/api/sessions/{id}/dose", iv)
                .then().statusCode(200)
                .body("phase", equalTo("DOSING"))
                .body("doseMg", equalTo(35f))
                .body("dosedBy", equalTo("clinician"))
                .body("doseAt", notNullValue());
        Login.CLINICIAN.request().body("{\"doseMg\": 35}").post("/api/sessions/{id}/dose", im)
                .then().statusCode(200).body("phase", equalTo("OBSERVATION"));
    }

    @Test
    void anInfusionRecordedAnHourAgoIsInObservation() {
        String id = newId();
        Login.CLINICIAN.request().body(session(id, "KETAMINE", "IV")).post("/api/sessions").then().statusCode(201);
        Instant anHourAgo = Instant.now().minus(1, ChronoUnit.HOURS);

        Login.CLINICIAN.request().body("{\"doseMg\": 35, \"at\": \"" + anHourAgo + "\"}").post("/api/sessions/{id}/dose", id)
                .then().statusCode(200)
                .body("phase", equalTo("OBSERVATION"));
    }

    @Test
    void aSecondDoseRecordIsAConflictAndADoseNeedsItsAmount() {
        String id = newId();
        Login.CLINICIAN.request().body(session(id, "ESKETAMINE", "INTRANASAL")).post("/api/sessions").then().statusCode(201);

        Login.CLINICIAN.request().body("{}").post("/api/sessions/{id}/dose", id)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("doseMg"));
        Login.CLINICIAN.request().body("{\"doseMg\": 56}").post("/api/sessions/{id}/dose", id).then().statusCode(200);
        Login.CLINICIAN.request().body("{\"doseMg\": 28}").post("/api/sessions/{id}/dose", id)
                .then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void endingASessionIsRecordedOnceAndStopsDosing() {
        String id = newId();
        Login.CLINICIAN.request().body(session(id, "KETAMINE", "IV")).post("/api/sessions").then().statusCode(201);

        Login.CLINICIAN.request().body("{}").post("/api/sessions/{id}/end", id)
                .then().statusCode(200)
                .body("phase", equalTo("ENDED"))
                .body("endedBy", equalTo("clinician"))
                .body("dischargeReadyAtEnd", equalTo(false));
        Login.CLINICIAN.request().body("{}").post("/api/sessions/{id}/end", id)
                .then().statusCode(409).contentType("application/problem+json");
        Login.CLINICIAN.request().body("{\"doseMg\": 35}").post("/api/sessions/{id}/dose", id).then().statusCode(409);
        Login.NURSE.request().get("/api/sessions?state=ended").then().body("id", hasItem(id));
    }

    @Test
    void anUnknownSessionIsNotFound() {
        Login.NURSE.request().get("/api/sessions/{id}", "KS-none").then()
                .statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("detail", containsString("KS-none"));
        Login.CLINICIAN.request().body("{\"doseMg\": 35}").post("/api/sessions/{id}/dose", "KS-none").then().statusCode(404);
        Login.CLINICIAN.request().body("{}").post("/api/sessions/{id}/end", "KS-none").then().statusCode(404);
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        Login.CLINICIAN.request().body(session(newId(), "KETAMINE", "TELEPATHY")).post("/api/sessions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("detail", containsString("route"))
                .body("errors.field", hasItem("route"));
        Login.CLINICIAN.request().body(session("bad id!", "KETAMINE", "IV")).post("/api/sessions")
                .then().statusCode(400).body("errors.field", hasItem("id"));
        Login.CLINICIAN.request().body(session(newId(), "KETAMINE", "IV").replace("\"sbp\": 124", "\"sbp\": 999"))
                .post("/api/sessions")
                .then().statusCode(400).body("errors.field", hasItem("baseline.sbp"));
        Login.CLINICIAN.request().body(session(newId(), "KETAMINE", "IV").replace("\"plannedDoseMg\": 35", "\"plannedDoseMg\": \"lots\""))
                .post("/api/sessions")
                .then().statusCode(400).body("errors.field", hasItem("plannedDoseMg"));
        Login.CLINICIAN.request().body("{\"patientRef\": \"MRN-1\"").post("/api/sessions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("not valid JSON"))
                .body("detail", not(containsString("Exception")));
        Login.NURSE.request().get("/api/sessions?state=sleeping")
                .then().statusCode(400).body("detail", containsString("state"));
    }
}
