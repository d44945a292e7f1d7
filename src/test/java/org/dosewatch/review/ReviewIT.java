package org.dosewatch.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dosewatch.Topics;
import org.dosewatch.simulator.Frame;
import org.dosewatch.simulator.Scenario;
import org.dosewatch.simulator.SimulatedSession;
import org.dosewatch.testing.KafkaAndPostgres;
import org.dosewatch.testing.Login;
import org.dosewatch.testing.TestKafka;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * What-if review of a real session: the simulator's flapping-threshold scenario through the
 * broker, the rule engine and the database, its frames archived, then replayed under a lower
 * SpO2 limit and under its own profile.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgres.class, scope = TestResourceScope.GLOBAL)
public class ReviewIT {

    private static final Instant START = Instant.parse("2026-11-20T07:00:00Z");
    private static String id;

    /** The flapping-threshold session, streamed once and archived: its id. */
    public static synchronized String flappingSession() throws IOException {
        if (id != null) {
            return id;
        }
        Scenario scenario = Scenario.read(Path.of("simulators", "scenarios", "flapping-threshold.json"));
        String session = "WI-" + System.nanoTime() % 100_000;
        SimulatedSession simulated = new SimulatedSession(session, scenario, 11, START);
        Login.CLINICIAN.request().body("{\"id\": \"" + session + "\", \"patientRef\": \"MRN-77\", \"room\": \"7\", "
                + "\"unit\": \"Review ward\", \"drug\": \"KETAMINE\", \"route\": \"IV\", \"weightKg\": 70}")
                .post("/api/sessions").then().statusCode(201);
        Login.CLINICIAN.request().body("{\"doseMg\": 35, \"at\": \"" + simulated.doseAt() + "\"}")
                .post("/api/sessions/{id}/dose", session).then().statusCode(200);
        List<String> frames = new ArrayList<>();
        Instant last = null;
        while (!simulated.done()) {
            Frame frame = simulated.next();
            if (frame != null) {
                frames.add(frame.toJson());
                last = frame.ts();
            }
        }
        TestKafka.send(Topics.READINGS, session, frames.toArray(String[]::new));
        String lastTs = last.toString();
        int count = frames.size();
        // Archived within a second or two of being evaluated; the alerts are stored by then too.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> Login.CLINICIAN.request().body("{}")
                .post("/api/sessions/{id}/what-if", session).then().statusCode(200)
                .body("frames", equalTo(count)).body("lastFrameTs", equalTo(lastTs)));
        await().atMost(Duration.ofSeconds(30)).until(() -> Login.NURSE.request().get("/api/alerts?sessionId={id}", session)
                .then().extract().jsonPath().getList("rule", String.class).contains("SPO2_LOW"));
        // The 15-second history, written every few seconds, up to the last frame's bucket.
        String lastBucket = Instant.ofEpochSecond(last.getEpochSecond() - last.getEpochSecond() % 15).toString();
        await().atMost(Duration.ofSeconds(30)).until(() -> Login.NURSE.request().get("/api/sessions/{id}/vitals", session)
                .then().extract().jsonPath().getList("at", String.class).contains(lastBucket));
        id = session;
        return id;
    }

    private static JsonPath whatIf(String body) throws IOException {
        return Login.CLINICIAN.request().body(body).post("/api/sessions/{id}/what-if", flappingSession())
                .then().statusCode(200).extract().jsonPath();
    }

    private static long spo2(List<Map<String, Object>> alerts) {
        return alerts.stream().filter(a -> a.get("rule").toString().startsWith("SPO2")).count();
    }

    @Test
    void aLowerSpO2LimitAnswersFewerSpO2AlertsThanWereRaisedAndTheSameOnesEveryTime() throws IOException {
        int stored = Login.NURSE.request().get("/api/alerts?sessionId={id}", flappingSession()).then().extract()
                .jsonPath().getList("alertId").size();

        JsonPath first = whatIf("{\"ruleOverrides\": {\"spo2-low.limit\": \"88\"}}");
        JsonPath again = whatIf("{\"ruleOverrides\": {\"spo2-low.limit\": \"88\"}}");

        List<Map<String, Object>> raised = first.getList("actual");
        List<Map<String, Object>> would = first.getList("alerts");
        assertThat(spo2(raised)).as("SPO2 alerts raised").isPositive();
        assertThat(spo2(would)).as("SPO2 alerts under spo2-low.limit 88").isLessThan(spo2(raised));
        assertThat(would).extracting(a -> a.get("rule")).doesNotContain("SPO2_LOW");
        assertThat(first.getString("profile")).isEqualTo("session");
        assertThat(first.getMap("ruleOverrides")).containsEntry("spo2-low.limit", "88");
        assertThat(again.getList("alerts")).isEqualTo(would);
        assertThat(Login.NURSE.request().get("/api/alerts?sessionId={id}", flappingSession()).then().extract()
                .jsonPath().getList("alertId").size()).as("nothing stored").isEqualTo(stored);
    }

    /**
     * Under its own profile the replay raises the very alerts the session raised, ids included;
     * once the monitor has been silent long enough, that includes the SIGNAL_LOSS its silence
     * raised live, which the replay's clock judges by the times the frames were received.
     */
    @Test
    void theSessionsOwnProfileRaisesAgainTheAlertsItRaisedWithTheSameIds() throws IOException {
        String session = flappingSession();

        JsonPath same = await().atMost(Duration.ofSeconds(90)).until(() -> whatIf("{}"),
                answer -> keys(answer.getList("alerts")).equals(keys(answer.getList("actual"))));

        assertThat(keys(same.getList("actual"))).extracting(key -> key.get(1)).contains("SPO2_LOW", "SPO2_FALLING");
        assertThat(same.getList("byRule.rule", String.class)).contains("SPO2_LOW");
        assertThat(same.getString("sessionId")).isEqualTo(session);
    }

    private static java.util.Set<List<Object>> keys(List<Map<String, Object>> alerts) {
        return alerts.stream().map(a -> List.<Object>of(a.get("alertId"), a.get("rule"), a.get("onsetTs")))
                .collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void aNamedProfileANurseAndAWrongSettingAreAnsweredClearly() throws IOException {
        String session = flappingSession();
        Login.CLINICIAN.request().body("{\"profile\": \"nowhere\"}").post("/api/sessions/{id}/what-if", session)
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("profile: 'nowhere' is not a rule profile; one of session, adult-ketamine"));
        Login.CLINICIAN.request().body("{\"ruleOverrides\": {\"spo2-low.limit\": \"eighty\"}}")
                .post("/api/sessions/{id}/what-if", session)
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("ruleOverrides.spo2-low.limit: 'eighty' is not a valid value"));
        Login.NURSE.request().body("{}").post("/api/sessions/{id}/what-if", session).then().statusCode(403);
        Login.CLINICIAN.request().body("{}").post("/api/sessions/{id}/what-if", "NO-SUCH-SESSION").then().statusCode(404);
        JsonPath defaults = whatIf("{\"profile\": \"adult-ketamine\"}");
        assertThat(defaults.getString("profile")).isEqualTo("adult-ketamine");
        Login.CLINICIAN.request().get("/api/sessions/{id}/what-if/profiles", session).then().statusCode(200)
                .body("named[0]", equalTo("adult-ketamine"));
    }
}
