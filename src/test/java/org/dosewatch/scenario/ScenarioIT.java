package org.dosewatch.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.dosewatch.Topics;
import org.dosewatch.simulator.Frame;
import org.dosewatch.simulator.Scenario;
import org.dosewatch.simulator.SimulatedSession;
import org.dosewatch.testing.KafkaAndPostgres;
import org.dosewatch.testing.Login;
import org.dosewatch.testing.TestKafka;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every scenario of the simulator, run as fast as possible through the real service (Kafka
 * in, rules, alerts in PostgreSQL): it raises exactly the alerts its file declares, no others.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgres.class, scope = TestResourceScope.GLOBAL)
class ScenarioIT {

    private static final Path SCENARIOS = Path.of("simulators", "scenarios");
    private static final Instant START = Instant.parse("2026-11-20T08:00:00Z");

    static Stream<Path> scenarios() throws IOException {
        return Files.list(SCENARIOS).filter(p -> p.toString().endsWith(".json")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void theScenarioRaisesExactlyTheAlertsItDeclares(Path file) throws IOException {
        Scenario scenario = Scenario.read(file);
        String id = "SC-" + scenario.name() + "-" + System.nanoTime() % 100000;
        SimulatedSession session = new SimulatedSession(id, scenario, 11, START);
        register(session);
        List<String> frames = new ArrayList<>();
        Instant last = null;
        while (!session.done()) {
            Frame frame = session.next();
            if (frame != null) {
                frames.add(frame.toJson());
                last = frame.ts();
            }
        }

        TestKafka.send(Topics.READINGS, id, frames.toArray(String[]::new));

        Instant lastFrame = last;
        await().atMost(Duration.ofSeconds(60)).until(() -> lastFrame.toString().equals(Login.NURSE.request()
                .get("/api/sessions/{id}", id).then().extract().jsonPath().getString("latest.ts")));
        // The last frame's alerts are stored before its record is acknowledged: a second of quiet suffices.
        List<String> raised = await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                .until(() -> rules(id), r -> r.equals(rules(id)));
        assertThat(new TreeSet<>(raised)).as("alerts of %s", scenario.name())
                .isEqualTo(new TreeSet<>(scenario.expectedAlerts()));
    }

    private static List<String> rules(String id) {
        return Login.NURSE.request().get("/api/alerts?sessionId={id}", id).then().statusCode(200)
                .extract().jsonPath().getList("rule", String.class).stream().distinct().sorted().toList();
    }

    private static void register(SimulatedSession session) {
        Scenario scenario = session.scenario();
        Login.CLINICIAN.request().body("{\"id\": \"" + session.sessionId() + "\", \"patientRef\": \"SIM\", \"room\": \"1\", "
                        + "\"drug\": \"" + scenario.drug() + "\", \"route\": \"" + scenario.route() + "\", "
                        + "\"weightKg\": " + Math.round(session.patient().weightKg()) + "}")
                .post("/api/sessions").then().statusCode(201);
        Login.CLINICIAN.request().body("{\"doseMg\": " + Math.round(scenario.doseFor(session.patient())) + ", \"at\": \""
                        + session.doseAt() + "\"}")
                .post("/api/sessions/{id}/dose", session.sessionId()).then().statusCode(200);
    }
}
