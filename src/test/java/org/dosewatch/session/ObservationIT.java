package org.dosewatch.session;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

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
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/** Nurse observations (docs/contract.md section 6): recorded with who, never changed, and scored in NEWS2. */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgres.class, scope = TestResourceScope.GLOBAL)
class ObservationIT {

    @Inject
    Pool database;

    private static String register() {
        String id = "OB-" + UUID.randomUUID().toString().substring(0, 8);
        Login.CLINICIAN.request().body("{\"id\": \"" + id + "\", \"patientRef\": \"MRN-31\", \"room\": \"31\", "
                + "\"drug\": \"ESKETAMINE\", \"route\": \"INTRANASAL\"}").post("/api/sessions").then().statusCode(201);
        return id;
    }

    @Test
    void aNurseRecordsObservationsThatAreKeptInOrderWithWhoRecordedThem() {
        String id = register();
        Instant earlier = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(300);

        Login.NURSE.request().body("{\"moaas\": 3, \"rass\": -2, \"cadss\": 14, \"sedation\": true, \"dissociation\": true, "
                        + "\"note\": \"drowsy, answers to voice\"}")
                .post("/api/sessions/{id}/observations", id)
                .then().statusCode(201)
                .body("id", notNullValue())
                .body("recordedBy", equalTo("nurse"))
                .body("moaas", equalTo(3))
                .body("sedation", equalTo(true));
        Login.CLINICIAN.request().body("{\"at\": \"" + earlier + "\", \"aldrete\": 8}")
                .post("/api/sessions/{id}/observations", id).then().statusCode(201);

        Login.NURSE.request().get("/api/sessions/{id}/observations", id).then().statusCode(200)
                .body("aldrete", contains(8, null))
                .body("recordedBy", contains("clinician", "nurse"))
                .body("at[0]", equalTo(earlier.toString()));
    }

    @Test
    void aFindingRecordedLateForAnEarlierTimeDoesNotReplaceANewerOne() {
        String id = register();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Login.NURSE.request().body("{\"moaas\": 5, \"aldrete\": 9}").post("/api/sessions/{id}/observations", id)
                .then().statusCode(201);
        Login.NURSE.request().body("{\"at\": \"" + now.minusSeconds(900) + "\", \"moaas\": 3, \"sedation\": true}")
                .post("/api/sessions/{id}/observations", id).then().statusCode(201);

        Login.NURSE.request().get("/api/sessions/{id}", id).then()
                .body("recovery.moaas", equalTo(5))
                .body("recovery.aldrete", equalTo(9))
                .body("recovery.sedation", equalTo(true))
                .body("discharge.criteria.find { it.name == 'moaas' }.met", equalTo(true))
                .body("discharge.criteria.find { it.name == 'resolved' }.met", equalTo(false));
    }

    @Test
    void anObservationNeverChanges() {
        String id = register();
        Login.NURSE.request().body("{\"moaas\": 4}").post("/api/sessions/{id}/observations", id).then().statusCode(201);

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
            try {
                database.preparedQuery("UPDATE observation SET moaas = 5 WHERE session_id = $1").execute(Tuple.of(id))
                        .await().indefinitely();
                return false;
            } catch (RuntimeException refused) {
                return refused.getMessage().contains("never changed");
            }
        });
        Login.NURSE.request().get("/api/sessions/{id}/observations", id).then().body("moaas", contains(4));
    }

    @Test
    void aScoreIsTakenAsWrittenOrRefusedAndNothingIsRecorded() {
        String id = register();

        Login.NURSE.request().body("{\"moaas\": 4.5}").post("/api/sessions/{id}/observations", id)
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("moaas: must be a whole number"))
                .body("errors.field", contains("moaas"));
        Login.NURSE.request().body("{\"rass\": -1.0, \"note\": \"settled\"}").post("/api/sessions/{id}/observations", id)
                .then().statusCode(400).body("errors.field", contains("rass"));
        Login.NURSE.request().body("{\"gcs\": 14, \"moaas\": 4, \"pain\": {\"score\": 3}, \"note\": \"ok\"}")
                .post("/api/sessions/{id}/observations", id)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("gcs", "pain"))
                .body("detail", containsString("unknown fields gcs, pain: nothing was recorded; the fields are "))
                .body("detail", containsString("moaas"));

        Login.NURSE.request().get("/api/sessions/{id}/observations", id).then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void aBadObservationIsRefusedNamingTheField() {
        String id = register();

        for (String[] bad : new String[][] {
                {"{\"moaas\": 6}", "moaas"}, {"{\"rass\": -6}", "rass"}, {"{\"cadss\": 93}", "cadss"},
                {"{\"aldrete\": 11}", "aldrete"}, {"{\"temperature\": 50}", "temperature"},
                {"{\"consciousness\": \"X\"}", "consciousness"}, {"{\"moaas\": 5, \"at\": \"2099-01-01T00:00:00Z\"}", "at"}}) {
            Login.NURSE.request().body(bad[0]).post("/api/sessions/{id}/observations", id)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo(bad[1]));
        }
        Login.NURSE.request().body("{\"at\": \"" + Instant.now() + "\"}").post("/api/sessions/{id}/observations", id)
                .then().statusCode(400).body("detail", containsString("at least one finding"));
        Login.NURSE.request().body("{\"moaas\": 5}").post("/api/sessions/{id}/observations", "OB-nobody")
                .then().statusCode(404);
        Login.CLINICIAN.request().body("{}").post("/api/sessions/{id}/end", id).then().statusCode(200);
        Login.NURSE.request().body("{\"moaas\": 5}").post("/api/sessions/{id}/observations", id)
                .then().statusCode(409);
        Login.DEVICE.request().body("{\"moaas\": 5}").post("/api/sessions/{id}/observations", id)
                .then().statusCode(403);
    }

    @Test
    void consciousnessOxygenAndTemperatureEnterNews2FromWhenTheyAreRecorded() {
        String id = register();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        TestKafka.send(Topics.READINGS, id, IntStream.range(0, 40)
                .mapToObj(s -> Frames.frame(id, id + "-m", s, "\"hr\": 72, \"spo2\": 98, \"rr\": 14, \"sbp\": 124, \"dbp\": 78")
                        .replaceFirst("\"ts\": \"[^\"]+\"", "\"ts\": \"" + now.minusSeconds(80 - s) + "\""))
                .toArray(String[]::new));
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Login.NURSE.request()
                .get("/api/sessions/{id}", id).then().body("news2.score", equalTo(0)));

        Login.NURSE.request().body("{\"consciousness\": \"V\", \"supplementalO2\": true, \"temperature\": 39.5}")
                .post("/api/sessions/{id}/observations", id).then().statusCode(201);
        TestKafka.send(Topics.READINGS, id, IntStream.range(40, 45)
                .mapToObj(s -> Frames.frame(id, id + "-m", s, "\"hr\": 72, \"spo2\": 98, \"rr\": 14")
                        .replaceFirst("\"ts\": \"[^\"]+\"", "\"ts\": \"" + now.minusSeconds(80 - s) + "\""))
                .toArray(String[]::new));

        // ACVPU V scores 3, supplemental oxygen 2, 39.5 °C 2 (RCP 2017).
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Login.NURSE.request()
                .get("/api/sessions/{id}", id).then()
                .body("news2.score", equalTo(7))
                .body("news2.points.consciousness", equalTo(3))
                .body("news2.points.oxygen", equalTo(2))
                .body("news2.points.temperature", equalTo(2))
                .body("news2.scored", hasItems("consciousness", "oxygen", "temperature"))
                .body("recorded.consciousness", equalTo("V")));
    }
}
