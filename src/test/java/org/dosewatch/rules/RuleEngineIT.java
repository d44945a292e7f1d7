package org.dosewatch.rules;

import static org.awaitility.Awaitility.await;
import static org.dosewatch.testing.Frames.frame;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.assertj.core.api.Assertions;
import org.dosewatch.Topics;
import org.dosewatch.testing.KafkaAndPostgres;
import org.dosewatch.testing.Login;
import org.dosewatch.testing.TestKafka;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Readings from Kafka reach the rule engine of the wired service, which knows each session's timeline. */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgres.class, scope = TestResourceScope.GLOBAL)
class RuleEngineIT {

    private static String register(String baseline) {
        return register(baseline, "{}");
    }

    private static String register(String baseline, String ruleOverrides) {
        String id = "RE-" + UUID.randomUUID().toString().substring(0, 8);
        Login.CLINICIAN.request()
                .body("{\"id\": \"" + id + "\", \"patientRef\": \"MRN-7\", \"room\": \"7\", \"drug\": \"KETAMINE\","
                        + " \"route\": \"IM\", \"baseline\": " + baseline + ", \"ruleOverrides\": " + ruleOverrides + "}")
                .post("/api/sessions").then().statusCode(201);
        return id;
    }

    /** The rules of the session's alerts, as the alert API lists them. */
    private static List<String> raised(String sessionId) {
        return Login.NURSE.request().get("/api/alerts?sessionId={id}", sessionId)
                .then().statusCode(200).extract().jsonPath().getList("rule", String.class);
    }

    @Test
    void aDesaturationStreamedToKafkaRaisesSpo2CriticalAndIsScoredByNews2() {
        String id = register("{\"hr\": 72, \"sbp\": 124, \"dbp\": 78, \"rr\": 14, \"spo2\": 98}");
        Login.CLINICIAN.request().body("{\"doseMg\": 35, \"at\": \"2026-11-21T13:59:00Z\"}")
                .post("/api/sessions/{id}/dose", id).then().statusCode(200);

        String[] frames = IntStream.range(0, 40)
                .mapToObj(s -> frame(id, id + "-m", s, "\"hr\": 80, \"rr\": 14, \"spo2\": " + (s < 10 ? 98 : 83)))
                .toArray(String[]::new);
        TestKafka.send(Topics.READINGS, id, frames);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                Assertions.assertThat(raised(id)).contains("SPO2_CRITICAL"));
        Login.NURSE.request().get("/api/sessions/{id}", id).then().statusCode(200)
                .body("news2.score", equalTo(3))
                .body("news2.points.spo2", equalTo(3))
                .body("news2.scored", hasItems("rr", "spo2", "pulse"))
                .body("baselineSource", equalTo("given"));
    }

    @Test
    void aSessionRunsWithTheRuleSettingsItsClinicianOverrode() {
        String id = register("{\"hr\": 72, \"sbp\": 124, \"dbp\": 78, \"rr\": 14, \"spo2\": 98}",
                "{\"hr-high.limit\": \"100\", \"hr-high.delay\": \"5s\"}");
        Login.NURSE.request().get("/api/sessions/{id}", id).then()
                .body("ruleOverrides.'hr-high.limit'", equalTo("100"));

        TestKafka.send(Topics.READINGS, id, IntStream.range(0, 30)
                .mapToObj(s -> frame(id, id + "-m", s, "\"hr\": 110, \"rr\": 14, \"spo2\": 98"))
                .toArray(String[]::new));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                Assertions.assertThat(raised(id)).contains("HR_HIGH"));
    }

    @Test
    void aRuleOverrideThatNamesNoSettingOrHasAWrongValueIsRefused() {
        String session = "{\"patientRef\": \"MRN-8\", \"room\": \"8\", \"drug\": \"KETAMINE\", \"route\": \"IM\", "
                + "\"ruleOverrides\": %s}";
        Login.CLINICIAN.request().body(session.formatted("{\"spo2-low.limt\": \"88\"}")).post("/api/sessions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("ruleOverrides.spo2-low.limt"));
        Login.CLINICIAN.request().body(session.formatted("{\"spo2-low.limit\": \"low\"}")).post("/api/sessions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("ruleOverrides.spo2-low.limit: 'low' is not a valid value for this setting (like '90')"));
    }

    @Test
    void aRuleOverrideOutsideItsSettingsBoundsIsRefusedSoNoRuleIsSwitchedOffByAccident() {
        String session = "{\"patientRef\": \"MRN-8\", \"room\": \"8\", \"drug\": \"KETAMINE\", \"route\": \"IM\", "
                + "\"ruleOverrides\": %s}";
        Map<String, String> refused = Map.of(
                "{\"spo2-low.limit\": \"-50\"}", "ruleOverrides.spo2-low.limit: '-50' must be between 0 and 100 %",
                "{\"hr-high.delay\": \"-PT10S\"}", "ruleOverrides.hr-high.delay: '-PT10S' must be a time between 0 and 24 hours",
                "{\"spo2-low.margin\": \"15\"}", "ruleOverrides.spo2-low.margin: '15' would clear only at 105 %, outside 0..100: the alert would never clear",
                "{\"bp-severe.readings\": \"0\"}", "ruleOverrides.bp-severe.readings: '0' must be a whole number of NIBP readings from 1 to 10",
                "{\"discharge.esketamine-observation\": \"PT60M\"}", "ruleOverrides.discharge.esketamine-observation: 'PT60M' is below "
                        + "the regulatory minimum of 120 min (PT120M): no override may shorten it");
        refused.forEach((overrides, detail) -> Login.CLINICIAN.request().body(session.formatted(overrides)).post("/api/sessions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo(detail)));
        Login.CLINICIAN.request().body(session.formatted("{\"spo2-low.limit\": \"88\", \"spo2-low.margin\": \"3\", "
                        + "\"hr-high.delay\": \"90s\", \"bp-low.dbp\": \"NaN\", \"discharge.esketamine-observation\": \"PT3H\"}"))
                .post("/api/sessions").then().statusCode(201);
    }

    @Test
    void aHighBaselineGivenAtRegistrationRaisesThePreDoseGate() {
        String id = register("{\"hr\": 80, \"sbp\": 156, \"dbp\": 96, \"rr\": 14, \"spo2\": 98}");

        TestKafka.send(Topics.READINGS, id, IntStream.range(0, 30)
                .mapToObj(s -> frame(id, id + "-m", s, "\"hr\": 80, \"rr\": 14, \"spo2\": 98"))
                .toArray(String[]::new));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                Assertions.assertThat(raised(id)).contains("PREDOSE_BP_HIGH"));
    }
}
