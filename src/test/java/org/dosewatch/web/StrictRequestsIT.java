package org.dosewatch.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.dosewatch.testing.KafkaAndPostgres;
import org.dosewatch.testing.Login;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Request bodies are read strictly, and an acknowledgement is JSON or nothing. */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgres.class, scope = TestResourceScope.GLOBAL)
class StrictRequestsIT {

    private static final String SESSION = """
            {"patientRef": "MRN-1", "room": "1", "drug": "KETAMINE", "route": "IV"}""";

    @Test
    void aBodyWithContentAfterItsJsonValueIsRefused() {
        Login.CLINICIAN.request().body(SESSION + "{\"x\": 1}").post("/api/sessions")
                .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
        Login.DEVICE.request().body("{\"sessionId\": \"S-TRAIL\", \"deviceId\": \"d\", \"seq\": 1, "
                        + "\"ts\": \"2026-11-21T14:03:27Z\", \"hr\": 80}{\"x\": 1}").post("/api/readings")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void anEnumIsReadByItsNameNotByANumber() {
        Login.CLINICIAN.request().body(SESSION.replace("\"KETAMINE\"", "1")).post("/api/sessions")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("drug"));
    }

    @Test
    void anAcknowledgementIsJsonOnlySoACrossSiteFormCannotSendOne() {
        given().auth().preemptive().basic("clinician", "clinician").contentType("text/plain").body("note from a form")
                .post("/api/alerts/{id}/ack", "any-alert")
                .then().statusCode(415).contentType("application/problem+json");
        Login.CLINICIAN.request().body("{}").post("/api/alerts/{id}/ack", "no-such-alert")
                .then().statusCode(404).contentType("application/problem+json");
        // The body is optional (CONTRACT.md): none at all, whatever the client labels it, is an acknowledgement.
        given().auth().preemptive().basic("clinician", "clinician").post("/api/alerts/{id}/ack", "no-such-alert")
                .then().statusCode(404).contentType("application/problem+json");
        Login.CLINICIAN.request().body("{\"note\": \"" + "x".repeat(2001) + "\"}").post("/api/alerts/{id}/ack", "no-such-alert")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("note"));
        Login.CLINICIAN.request().body("{\"note\": \"x\"}{}").post("/api/alerts/{id}/ack", "no-such-alert")
                .then().statusCode(400).contentType("application/problem+json");
    }
}
