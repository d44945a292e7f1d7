package org.dosewatch.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

import org.dosewatch.Topics;
import org.dosewatch.testing.Frames;
import org.dosewatch.testing.KafkaAndPostgres;
import org.dosewatch.testing.Login;
import org.dosewatch.testing.TestKafka;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * A monitor's clock through the broker (docs/clinical-rules.md, device clocks): one frame dated
 * a minute back with a critical saturation raises nothing and is counted; a clock set back and
 * kept there is followed after three frames, and the desaturation it shows is raised.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgres.class, scope = TestResourceScope.GLOBAL)
class DeviceClockIT {

    private static String frame(String session, long seq, long second, int spo2) {
        return Frames.frame(session, session + "-m", seq, Frames.T0.plusSeconds(second), "\"hr\": 76, \"rr\": 14, \"spo2\": " + spo2);
    }

    private static List<String> raised(String sessionId) {
        return Login.NURSE.request().get("/api/alerts?sessionId={id}", sessionId)
                .then().statusCode(200).extract().jsonPath().getList("rule", String.class);
    }

    private static void awaitNewest(String session, long second) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Login.NURSE.request().get("/api/sessions/{id}", session)
                .then().statusCode(200).body("latest.ts", equalTo(Frames.T0.plusSeconds(second).toString())));
    }

    private static double counter(String series) {
        return RestAssured.get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith(series))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void aGlitchingFrameRaisesNothingAndAClockSetBackIsFollowed() {
        String id = "DC-" + UUID.randomUUID().toString().substring(0, 8);
        Login.CLINICIAN.request()
                .body("{\"id\": \"" + id + "\", \"patientRef\": \"MRN-9\", \"room\": \"9\", \"drug\": \"KETAMINE\","
                        + " \"route\": \"IM\", \"baseline\": {\"hr\": 72, \"sbp\": 124, \"dbp\": 78, \"rr\": 14, \"spo2\": 98}}")
                .post("/api/sessions").then().statusCode(201);
        Login.CLINICIAN.request().body("{\"doseMg\": 35, \"at\": \"2026-11-21T13:59:00Z\"}")
                .post("/api/sessions/{id}/dose", id).then().statusCode(200);
        double glitches = counter("dosewatch_readings_ignored_total{kind=\"clock-glitch\"");
        double steps = counter("dosewatch_readings_device_clock_steps_total");

        // Two minutes of good frames, one dated a minute back with SpO2 80, then good frames again.
        String[] glitch = LongStream.range(0, 150)
                .mapToObj(s -> s == 120 ? frame(id, s, 60, 80) : frame(id, s, s, 98))
                .toArray(String[]::new);
        TestKafka.send(Topics.READINGS, id, glitch);
        awaitNewest(id, 149);
        assertThat(raised(id)).as("the glitch raised nothing").isEmpty();
        assertThat(counter("dosewatch_readings_ignored_total{kind=\"clock-glitch\"")).isEqualTo(glitches + 1);

        // The clock is set back to the session's first second and stays there; SpO2 falls to 84.
        String[] setBack = LongStream.range(150, 180).mapToObj(s -> frame(id, s, s - 150, 84)).toArray(String[]::new);
        TestKafka.send(Topics.READINGS, id, setBack);
        awaitNewest(id, 29);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(raised(id)).contains("SPO2_CRITICAL", "SPO2_LOW"));
        Login.NURSE.request().get("/api/alerts?sessionId={id}", id).then().statusCode(200)
                .body("find { it.rule == 'SPO2_CRITICAL' }.onsetTs", equalTo(Frames.T0.toString()));
        assertThat(counter("dosewatch_readings_device_clock_steps_total")).isEqualTo(steps + 1);
    }
}
