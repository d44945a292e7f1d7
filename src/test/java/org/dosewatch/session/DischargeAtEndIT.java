package org.dosewatch.session;

import static org.awaitility.Awaitility.await;
import static org.dosewatch.testing.Frames.frame;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.dosewatch.Topics;
import org.dosewatch.feed.FeedConsumers;
import org.dosewatch.monitor.Phase;
import org.dosewatch.rules.RuleEngine;
import org.dosewatch.testing.Frames;
import org.dosewatch.testing.KafkaAndPostgres;
import org.dosewatch.testing.Login;
import org.dosewatch.testing.TestKafka;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Ending a session records whether the patient was discharge-ready then: the phase the rule
 * engine last published, whichever instance evaluates the session.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgres.class, scope = TestResourceScope.GLOBAL)
class DischargeAtEndIT {

    private static final int DOSE_SECOND = 60;
    /** An hour of ketamine observation and 15 calm minutes after it, with a little to spare. */
    private static final int FRAMES = DOSE_SECOND + 3600 + 900 + 30;

    @Inject
    RuleEngine engine;

    @Inject
    FeedConsumers statuses;

    @Test
    void aPatientCalmForTheWholeObservationIsDischargeReadyAtTheEnd() {
        String session = "DR-" + UUID.randomUUID().toString().substring(0, 8);
        Login.CLINICIAN.request().contentType("application/json")
                .body(Map.of("id", session, "patientRef", "MRN-7", "room", "7", "drug", "KETAMINE", "route", "IM",
                        "baseline", Map.of("hr", 72, "sbp", 124, "dbp", 78, "rr", 14, "spo2", 98)))
                .post("/api/sessions").then().statusCode(201);
        Login.CLINICIAN.request().contentType("application/json")
                .body(Map.of("doseMg", 35, "at", Frames.T0.plusSeconds(DOSE_SECOND).toString()))
                .post("/api/sessions/{id}/dose", session).then().statusCode(200);
        // The nurse records the patient alert and recovered: the gate reads it with the vitals.
        Login.NURSE.request().contentType("application/json").body(Map.of("moaas", 5, "aldrete", 10))
                .post("/api/sessions/{id}/observations", session).then().statusCode(201);
        TestKafka.awaitRecords(Topics.SESSIONS, session, 3, "none");

        // Calm vitals at 1 Hz, a blood pressure at baseline every 5 minutes.
        TestKafka.send(Topics.READINGS, session, IntStream.range(0, FRAMES)
                .mapToObj(s -> frame(session, session + "-m", s, "\"hr\": 72, \"spo2\": 98, \"rr\": 14"
                        + (s % 300 == 0 ? ", \"sbp\": 124, \"dbp\": 78" : "")))
                .toArray(String[]::new));
        await().atMost(Duration.ofSeconds(60)).until(() -> statuses.publishedPhase(session).orElse(null) == Phase.DISCHARGE_READY);
        // As when another instance evaluates the session: only its published status says so.
        engine.forget(session);

        Login.CLINICIAN.request().post("/api/sessions/{id}/end", session).then().statusCode(200)
                .body("dischargeReadyAtEnd", equalTo(true))
                .body("discharge.readyAt", org.hamcrest.Matchers.notNullValue());
    }
}
