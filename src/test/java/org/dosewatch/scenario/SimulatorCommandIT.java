package org.dosewatch.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.time.Duration;

import org.dosewatch.simulator.Simulator;
import org.dosewatch.testing.KafkaAndPostgres;
import org.dosewatch.testing.Login;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import picocli.CommandLine;

/** The simulator's command line against the running service: registration, dose, frames through Kafka. */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgres.class, scope = TestResourceScope.GLOBAL)
class SimulatorCommandIT {

    @TestHTTPResource("/")
    URL service;

    @Test
    void theSimulatorRegistersItsSessionsAndStreamsTheirFramesToKafka() {
        StringWriter errors = new StringWriter();
        CommandLine command = new CommandLine(new Simulator()).setErr(new PrintWriter(errors));

        int exit = command.execute("--scenarios", "simulators/scenarios", "--scenario", "sensor-dropout",
                "--sessions", "2", "--prefix", "CLI", "--seed", "5", "--speed", "max", "--duration", "600",
                "--start", "2026-11-20T09:00:00Z", "--register", "--quiet",
                "--kafka", KafkaAndPostgres.bootstrapServers(), "--url", service.toString());

        assertThat(exit).as(errors.toString()).isZero();
        for (String id : new String[] {"CLI-0001", "CLI-0002"}) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Login.NURSE.request().get("/api/sessions/{id}", id)
                    .then().statusCode(200)
                    .body("registered", equalTo(true))
                    .body("drug", equalTo("KETAMINE"))
                    .body("doseAt", equalTo("2026-11-20T09:05:00Z"))
                    .body("latest.ts", equalTo("2026-11-20T09:09:59Z")));
        }
    }

    @Test
    void aLoopingWardEndsAFinishedSessionAndRegistersTheNextPatientInItsRoomAndUnit() {
        StringWriter errors = new StringWriter();
        CommandLine command = Simulator.command().setErr(new PrintWriter(errors));
        String prefix = "LOOP-" + System.nanoTime() % 100_000;

        int exit = command.execute("--scenarios", "simulators/scenarios", "--scenario", "sensor-dropout",
                "--sessions", "1", "--prefix", prefix, "--seed", "7", "--speed", "max",
                "--duration", "1900", "--loop", "--register", "--unit", "Loop ward", "--quiet",
                "--kafka", KafkaAndPostgres.bootstrapServers(), "--url", service.toString());

        assertThat(exit).as(errors.toString()).isZero();
        Login.NURSE.request().get("/api/sessions/{id}", prefix + "-0001").then().statusCode(200)
                .body("phase", equalTo("ENDED")).body("unit", equalTo("Loop ward")).body("room", equalTo("1"));
        Login.NURSE.request().get("/api/sessions/{id}", prefix + "-0002").then().statusCode(200)
                .body("phase", org.hamcrest.Matchers.not(equalTo("ENDED")))
                .body("unit", equalTo("Loop ward")).body("room", equalTo("1"));
    }

    @Test
    void aRegisteredScenarioRecordsItsScriptedObservationsAtTheirTimes() {
        StringWriter errors = new StringWriter();
        CommandLine command = Simulator.command().setErr(new PrintWriter(errors));
        String prefix = "OBS-" + System.nanoTime() % 100_000;

        int exit = command.execute("--scenarios", "simulators/scenarios", "--scenario", "normal-esketamine",
                "--sessions", "1", "--prefix", prefix, "--seed", "3", "--speed", "max", "--start", "2026-11-20T08:00:00Z",
                "--duration", "8000", "--register", "--quiet", "--kafka", KafkaAndPostgres.bootstrapServers(), "--url", service.toString());

        assertThat(exit).as(errors.toString()).isZero();
        Login.NURSE.request().get("/api/sessions/{id}/observations", prefix + "-0001").then().statusCode(200)
                .body("at", org.hamcrest.Matchers.contains("2026-11-20T08:25:00Z", "2026-11-20T09:45:00Z", "2026-11-20T10:10:00Z"))
                .body("moaas", org.hamcrest.Matchers.contains(3, 5, 5))
                .body("aldrete[2]", equalTo(9))
                .body("recordedBy[0]", equalTo("clinician"));
        // The scenario's sedation resolves 95 minutes after the dose; esketamine needs 2 hours:
        // the session is ready at 120 minutes (08:10 + 2 h), and its REMS form says so.
        String id = prefix + "-0001";
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> Login.NURSE.request().get("/api/sessions/{id}", id)
                .then().body("discharge.readyAt", equalTo("2026-11-20T10:10:00Z")));
        Login.CLINICIAN.request().body("{}").post("/api/sessions/{id}/end", id).then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Login.CLINICIAN.request()
                .get("/api/sessions/{id}/rems-form", id).then().statusCode(200)
                .body("readyToLeave", equalTo("ready at 120 min after the dose"))
                .body("sedation.occurred", equalTo(true))
                .body("sedation.resolved", equalTo(true)));
    }

    @Test
    void anUnreachableBrokerIsAClearErrorNotAHang() {
        StringWriter errors = new StringWriter();
        CommandLine command = new CommandLine(new Simulator()).setErr(new PrintWriter(errors));
        command.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(e.getMessage());
            return 1;
        });

        int exit = command.execute("--scenarios", "simulators/scenarios", "--kafka", "127.0.0.1:9", "--duration", "5",
                "--quiet");

        assertThat(exit).isEqualTo(1);
        assertThat(errors.toString()).contains("cannot reach the Kafka broker at 127.0.0.1:9");
    }
}
