package org.dosewatch.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

import org.dosewatch.Topics;
import org.dosewatch.testing.Frames;
import org.dosewatch.testing.KafkaAndPostgres;
import org.dosewatch.testing.Login;
import org.dosewatch.testing.TestKafka;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;

import ca.uhn.fhir.context.FhirContext;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * A session's record is complete when its end is answered: the export taken right after the end
 * holds the last seconds evaluated before it, and frames from a monitor left running after the
 * end change nothing.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgres.class, scope = TestResourceScope.GLOBAL)
class RecordAtEndIT {

    /** The frames' first second: 45 s back, on a 15-second boundary, so no summary is finished by the monitor's silence alone. */
    private Instant t0;

    private String frame(String session, long second) {
        String cuff = second == 40 ? ", \"sbp\": 131, \"dbp\": 82, \"map\": 98" : "";
        return Frames.frame(session, session + "-m", second, t0.plusSeconds(second), "\"hr\": 74, \"rr\": 14, \"spo2\": 98" + cuff);
    }

    private static Bundle export(String id) {
        String json = Login.CLINICIAN.request().get("/api/sessions/{id}/fhir", id).then().statusCode(200).extract().asString();
        return FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, json);
    }

    private static List<String> vitals(Bundle bundle) {
        return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(Observation.class::isInstance).map(Observation.class::cast)
                .filter(o -> o.getCategoryFirstRep().getCodingFirstRep().getCode().equals("vital-signs"))
                .map(o -> o.getCode().getCodingFirstRep().getCode() + "@" + o.getEffectiveDateTimeType().getValue().toInstant())
                .sorted().toList();
    }

    private static double accepted() {
        return RestAssured.get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith("dosewatch_readings_accepted_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void theExportRightAfterTheEndHoldsTheLastSecondsAndNeverGrowsAfter() {
        t0 = Instant.ofEpochSecond(Instant.now().getEpochSecond() / 15 * 15 - 45);
        String id = "END-" + UUID.randomUUID().toString().substring(0, 8);
        Login.CLINICIAN.request()
                .body("{\"id\": \"" + id + "\", \"patientRef\": \"MRN-12\", \"room\": \"12\", \"drug\": \"KETAMINE\","
                        + " \"route\": \"IM\"}")
                .post("/api/sessions").then().statusCode(201);
        Login.CLINICIAN.request().body("{\"doseMg\": 35, \"at\": \"" + t0.minusSeconds(60) + "\"}")
                .post("/api/sessions/{id}/dose", id).then().statusCode(200);
        TestKafka.send(Topics.READINGS, id, LongStream.range(0, 45).mapToObj(s -> frame(id, s)).toArray(String[]::new));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Login.NURSE.request().get("/api/sessions/{id}", id)
                .then().statusCode(200).body("latest.ts", equalTo(t0.plusSeconds(44).toString())));

        Login.CLINICIAN.request().body("{}").post("/api/sessions/{id}/end", id).then().statusCode(200);
        List<String> atEnd = vitals(export(id));

        assertThat(atEnd).as("the summary of the last 15 s and the NIBP reading taken in them").contains(
                "8867-4@" + t0.plusSeconds(30), "2708-6@" + t0.plusSeconds(30),
                "85354-9@" + t0.plusSeconds(40));

        double before = accepted();
        TestKafka.send(Topics.READINGS, id, LongStream.range(45, 90).mapToObj(s -> frame(id, s)).toArray(String[]::new));
        await().atMost(Duration.ofSeconds(30)).until(() -> accepted() >= before + 45);
        // Longer than the history's batches (5 s) and the archive's (1 s).
        await().pollDelay(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(8)).until(() -> true);

        assertThat(vitals(export(id))).as("a monitor left running after the end adds nothing").isEqualTo(atEnd);
    }
}
