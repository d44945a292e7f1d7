package org.dosewatch.rems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.stream.IntStream;

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

/**
 * An esketamine session from the dose to the REMS form, through the real broker, rule engine and
 * database: a sedation episode that resolves at 95 minutes, a 40-minute blood pressure that was
 * missed, discharge-ready only at 120 minutes once the nurse recorded MOAA/S 5 and an Aldrete of 9.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgres.class, scope = TestResourceScope.GLOBAL)
class RemsFormIT {

    private String id;
    private Instant dose;

    /** Calm frames at 1 Hz from minute {@code from} to minute {@code to} after the dose, an NIBP every 10 min but 30-50. */
    private void minutes(int from, int to) {
        TestKafka.send(Topics.READINGS, id, IntStream.range(from * 60, to * 60).mapToObj(s -> {
            boolean cuff = s % 600 == 0 && !(s >= 1800 && s < 3000);
            String vitals = "\"hr\": 74, \"spo2\": 98, \"rr\": 14" + (cuff ? ", \"sbp\": 126, \"dbp\": 79" : "");
            return Frames.frame(id, id + "-m", s + 1000, vitals)
                    .replaceFirst("\"ts\": \"[^\"]+\"", "\"ts\": \"" + dose.plusSeconds(s) + "\"");
        }).toArray(String[]::new));
        Instant last = dose.plusSeconds(to * 60L - 1);
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> Login.NURSE.request().get("/api/sessions/{id}", id)
                .then().body("latest.ts", equalTo(last.toString())));
    }

    private void observe(int minute, String body) {
        Login.NURSE.request().body(body.replace("{", "{\"at\": \"" + dose.plus(Duration.ofMinutes(minute)) + "\", "))
                .post("/api/sessions/{id}/observations", id).then().statusCode(201);
    }

    @Test
    void anEsketamineSessionIsReadyAt120MinutesAndItsFormSaysSoAndThatThe40MinuteBloodPressureWasMissed() {
        id = "RF-" + UUID.randomUUID().toString().substring(0, 8);
        dose = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(135));
        Login.CLINICIAN.request().body("{\"id\": \"" + id + "\", \"patientRef\": \"MRN-51\", \"room\": \"5\", "
                + "\"drug\": \"ESKETAMINE\", \"route\": \"INTRANASAL\"}").post("/api/sessions").then().statusCode(201);
        minutes(-10, 0);
        Login.CLINICIAN.request().body("{\"doseMg\": 84, \"at\": \"" + dose + "\"}").post("/api/sessions/{id}/dose", id)
                .then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Login.NURSE.request().get("/api/sessions/{id}", id)
                .then().body("discharge.criteria.find { it.name == 'minimum-observation' }.detail", containsString("until")));

        minutes(0, 40);
        observe(40, "{\"moaas\": 3, \"sedation\": true, \"note\": \"drowsy, answers to voice\"}");
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Login.NURSE.request().get("/api/sessions/{id}", id)
                .then().body("discharge.criteria.find { it.name == 'moaas' }.detail", containsString("newest MOAA/S 3")));
        minutes(40, 95);
        observe(95, "{\"moaas\": 5, \"aldrete\": 9, \"sedation\": false}");
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Login.NURSE.request().get("/api/sessions/{id}", id)
                .then().body("discharge.criteria.find { it.name == 'aldrete' }.met", equalTo(true)));
        minutes(95, 119);
        Login.NURSE.request().get("/api/sessions/{id}", id).then()
                .body("phase", equalTo("OBSERVATION"))
                .body("discharge.ready", equalTo(false))
                .body("discharge.criteria.find { it.name == 'minimum-observation' }.met", equalTo(false))
                .body("discharge.readyAt", nullValue());
        minutes(119, 125);
        Login.NURSE.request().get("/api/sessions/{id}", id).then()
                .body("phase", equalTo("DISCHARGE_READY"))
                .body("discharge.ready", equalTo(true))
                .body("discharge.readyAt", equalTo(dose.plus(Duration.ofMinutes(120)).toString()));
        Login.NURSE.request().get("/api/sessions/{id}/protocol", id).then()
                .body("find { it.name == 'BP at 40 min' }.status", equalTo("OVERDUE"));

        Login.CLINICIAN.request().body("{}").post("/api/sessions/{id}/end", id).then().statusCode(200)
                .body("dischargeReadyAtEnd", equalTo(true));
        Login.CLINICIAN.request().get("/api/rems-forms/pending").then().statusCode(200).body("sessionId", hasItem(id));
        Login.CLINICIAN.request().body("{\"lotNumber\": \"LOT-2026-118\"}").put("/api/sessions/{id}/rems-inputs", id)
                .then().statusCode(200).body("lotNumber", equalTo("LOT-2026-118"));

        // The vitals history is written in batches, beside the readings: the form reads it once it is there.
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Login.CLINICIAN.request()
                .get("/api/sessions/{id}/rems-form", id).then().statusCode(200)
                .body("bloodPressure.beforeDose.sbp", equalTo(126))
                .body("bloodPressure.beforeEnd.sbp", equalTo(126)));
        Login.CLINICIAN.request().get("/api/sessions/{id}/rems-form", id).then().statusCode(200)
                .body("patientRef", equalTo("MRN-51"))
                .body("doseMg", equalTo(84f))
                .body("lotNumber", equalTo("LOT-2026-118"))
                .body("readyAfterMinutes", equalTo(120))
                .body("readyToLeave", equalTo("ready at 120 min after the dose"))
                .body("monitoredAtLeastTwoHours", equalTo(true))
                .body("bloodPressure.beforeDose.sbp", equalTo(126))
                .body("bloodPressure.at40Minutes", nullValue())
                .body("bloodPressure.at40MinutesCheck", equalTo("OVERDUE"))
                .body("missing", hasItem(containsString("bloodPressure.at40Minutes")))
                .body("missing", hasItem(containsString("concomitantMedications")))
                .body("missing", not(hasItem(containsString("lotNumber"))))
                .body("sedation.occurred", equalTo(true))
                .body("sedation.resolved", equalTo(true))
                .body("dissociation.occurred", equalTo(false))
                .body("vitalsAcceptableBeforeDose.yes", equalTo(true))
                .body("vitalsAcceptableAtEnd.yes", equalTo(true))
                .body("monitoringClinician", equalTo("clinician"));
        byte[] pdf = Login.CLINICIAN.request().accept("application/pdf").get("/api/sessions/{id}/rems-form", id)
                .then().statusCode(200).contentType("application/pdf").extract().asByteArray();
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        Login.CLINICIAN.request().get("/api/rems-forms/pending").then().body("sessionId", not(hasItem(id)));
        Login.NURSE.request().get("/api/sessions/{id}/rems-form", id).then().statusCode(403);
    }

    @Test
    void aKetamineSessionHasNoRemsForm() {
        String id = "RF-" + UUID.randomUUID().toString().substring(0, 8);
        Login.CLINICIAN.request().body("{\"id\": \"" + id + "\", \"patientRef\": \"MRN-53\", \"room\": \"7\", "
                + "\"drug\": \"KETAMINE\", \"route\": \"IV\"}").post("/api/sessions").then().statusCode(201);
        Login.CLINICIAN.request().body("{}").post("/api/sessions/{id}/end", id).then().statusCode(200);

        Login.CLINICIAN.request().get("/api/sessions/{id}/rems-form", id).then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", equalTo("Session '" + id + "' is a ketamine session: the REMS Patient Monitoring Form "
                        + "applies to esketamine only"));
        Login.CLINICIAN.request().accept("application/pdf").get("/api/sessions/{id}/rems-form", id).then().statusCode(409);
        Login.CLINICIAN.request().body("{\"lotNumber\": \"L1\"}").put("/api/sessions/{id}/rems-inputs", id).then().statusCode(409);
        Login.CLINICIAN.request().get("/api/rems-forms/pending").then().statusCode(200).body("sessionId", not(hasItem(id)));
    }

    @Test
    void theFormWaitsForTheEndOfTheSession() {
        String open = "RF-" + UUID.randomUUID().toString().substring(0, 8);
        Login.CLINICIAN.request().body("{\"id\": \"" + open + "\", \"patientRef\": \"MRN-52\", \"room\": \"6\", "
                + "\"drug\": \"ESKETAMINE\", \"route\": \"INTRANASAL\"}").post("/api/sessions").then().statusCode(201);

        Login.CLINICIAN.request().get("/api/sessions/{id}/rems-form", open).then().statusCode(409)
                .contentType("application/problem+json");
        Login.CLINICIAN.request().get("/api/sessions/{id}/rems-form", "RF-nobody").then().statusCode(404);
        Login.CLINICIAN.request().body("{\"lotNumber\": \"" + "x".repeat(65) + "\"}").put("/api/sessions/{id}/rems-inputs", open)
                .then().statusCode(400).body("errors[0].field", equalTo("lotNumber"));
    }
}
