package org.dosewatch.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.dosewatch.Topics;
import org.dosewatch.monitor.Drug;
import org.dosewatch.monitor.Phase;
import org.dosewatch.monitor.Route;
import org.dosewatch.rules.RuleEngine;
import org.dosewatch.testing.Frames;
import org.dosewatch.testing.KafkaAndPostgres;
import org.dosewatch.testing.Login;
import org.dosewatch.testing.TestKafka;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A session change and its event for the rule engine are one: the event is written with the
 * change, in its transaction, and published from there, so a broker that fails at the moment
 * of the change delays the event and never loses it.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgres.class, scope = TestResourceScope.GLOBAL)
class SessionOutboxIT {

    @Inject
    Pool database;

    @Inject
    ObjectMapper mapper;

    @Inject
    RuleEngine engine;

    private long pending(String session) {
        return database.preparedQuery("SELECT count(*) AS n FROM session_outbox WHERE session_id = $1 AND published_at IS NULL")
                .execute(Tuple.of(session)).await().atMost(Duration.ofSeconds(10)).iterator().next().getLong("n");
    }

    private long written(String session) {
        return database.preparedQuery("SELECT count(*) AS n FROM session_outbox WHERE session_id = $1")
                .execute(Tuple.of(session)).await().atMost(Duration.ofSeconds(10)).iterator().next().getLong("n");
    }

    @Test
    void everyChangeWritesItsEventWithItAndPublishesIt() {
        String session = "OB-" + UUID.randomUUID().toString().substring(0, 8);
        Login.CLINICIAN.request().contentType("application/json")
                .body(Map.of("id", session, "patientRef", "MRN-1", "room", "4", "drug", "KETAMINE", "route", "IM"))
                .post("/api/sessions").then().statusCode(201);
        Login.CLINICIAN.request().contentType("application/json").body(Map.of("doseMg", 35))
                .post("/api/sessions/{id}/dose", session).then().statusCode(200);
        Login.CLINICIAN.request().post("/api/sessions/{id}/end", session).then().statusCode(200);

        assertThat(written(session)).isEqualTo(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> pending(session) == 0);
        assertThat(TestKafka.awaitRecords(Topics.SESSIONS, session, 3, "none"))
                .extracting(TestKafka.Received::value)
                .satisfies(events -> {
                    assertThat(events.get(0)).contains("\"doseAt\":null");
                    assertThat(events.get(1)).contains("\"doseAt\":\"").contains("\"endedAt\":null");
                    assertThat(events.get(2)).contains("\"endedAt\":\"");
                });
    }

    @Test
    void aDoseWhoseEventNeverReachedTheBrokerStillReachesTheRuleEngine() throws Exception {
        String session = "OB-" + UUID.randomUUID().toString().substring(0, 8);
        Login.CLINICIAN.request().contentType("application/json")
                .body(Map.of("id", session, "patientRef", "MRN-2", "room", "5", "drug", "KETAMINE", "route", "IM"))
                .post("/api/sessions").then().statusCode(201);
        Instant doseAt = Frames.T0.plusSeconds(10);
        // As when the broker failed just after the dose was committed: stored, its event still pending.
        String event = mapper.writeValueAsString(new SessionEvent(session, true, Drug.KETAMINE, Route.IM, doseAt, null, 0,
                null, Map.of(), "3", "MRN-88213", null, null, null));
        database.withTransaction(connection -> connection
                        .preparedQuery("UPDATE dosing_session SET dose_at = $2, dose_mg = 35, dosed_by = 'clinician' WHERE id = $1")
                        .execute(Tuple.of(session, doseAt.atOffset(ZoneOffset.UTC)))
                        .chain(() -> connection.preparedQuery("INSERT INTO session_outbox (session_id, payload, created_at) "
                                + "VALUES ($1, $2, now())").execute(Tuple.of(session, event))))
                .await().atMost(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(30)).until(() -> pending(session) == 0);

        // The monitor goes on sending; once the event has arrived, its frames are evaluated as after the dose.
        TestKafka.send(Topics.READINGS, session, IntStream.range(0, 20).mapToObj(s -> Frames.calm(session, s))
                .toArray(String[]::new));
        long[] next = {20};
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            TestKafka.send(Topics.READINGS, session, Frames.calm(session, next[0]++));
            return engine.snapshot(session).map(snapshot -> snapshot.phase() == Phase.OBSERVATION).orElse(false);
        });
    }
}
