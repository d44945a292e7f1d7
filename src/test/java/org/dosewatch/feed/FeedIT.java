package org.dosewatch.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.dosewatch.testing.Frames.frame;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.dosewatch.Topics;
import org.dosewatch.testing.FeedClient;
import org.dosewatch.testing.KafkaAndPostgres;
import org.dosewatch.testing.Login;
import org.dosewatch.testing.TestKafka;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The live feed beyond alerts: session status for the tiles, and a heartbeat that proves the feed alive. */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgres.class, scope = TestResourceScope.GLOBAL)
class FeedIT {

    @TestHTTPResource("/api/feed")
    URI feed;

    @Test
    void aStreamedSessionShowsUpAsStatusEventsWithItsVitalsAndNews2() {
        String session = "FD-" + UUID.randomUUID().toString().substring(0, 8);
        try (FeedClient dashboard = FeedClient.connect(feed, Login.NURSE)) {
            TestKafka.send(Topics.READINGS, session, IntStream.range(0, 20)
                    .mapToObj(s -> frame(session, session + "-m", s, "\"hr\": 88, \"rr\": 15, \"spo2\": 97, \"etco2\": 36"))
                    .toArray(String[]::new));

            await().atMost(Duration.ofSeconds(20)).until(() -> statuses(dashboard, session).size() >= 1);
            JsonPath status = JsonPath.from(statuses(dashboard, session).get(statuses(dashboard, session).size() - 1));
            assertThat(status.getFloat("latest.hr")).isEqualTo(88f);
            assertThat(status.getFloat("latest.etco2")).isEqualTo(36f);
            assertThat(status.getString("latest.ts")).isEqualTo("2026-11-21T14:00:19Z");
            assertThat(status.getInt("news2.score")).isZero();
            assertThat(status.getString("phase")).isEqualTo("PRE_DOSE");
            assertThat(status.getDouble("dataAgeSeconds")).isPositive();
        }
    }

    @Test
    void anEndedSessionLeavesTheDashboardsAndTheSnapshot() {
        String session = "FE-" + UUID.randomUUID().toString().substring(0, 8);
        Login.CLINICIAN.request().body("{\"id\": \"" + session + "\", \"patientRef\": \"MRN-5\", \"room\": \"5\", "
                + "\"drug\": \"KETAMINE\", \"route\": \"IM\"}").post("/api/sessions").then().statusCode(201);
        try (FeedClient dashboard = FeedClient.connect(feed, Login.NURSE)) {
            TestKafka.send(Topics.READINGS, session, IntStream.range(0, 10)
                    .mapToObj(s -> frame(session, session + "-m", s, "\"hr\": 70, \"rr\": 14, \"spo2\": 98"))
                    .toArray(String[]::new));
            await().atMost(Duration.ofSeconds(20)).until(() -> !statuses(dashboard, session).isEmpty());

            Login.CLINICIAN.request().body("{}").post("/api/sessions/{id}/end", session).then().statusCode(200);

            await().atMost(Duration.ofSeconds(20)).until(() -> statuses(dashboard, session).stream()
                    .anyMatch(status -> status.contains("\"phase\":\"ENDED\"")));
        }
        try (FeedClient late = FeedClient.connect(feed, Login.NURSE)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !late.named("snapshot").isEmpty());
            JsonPath snapshot = JsonPath.from(late.named("snapshot").get(0).data());
            assertThat(snapshot.getMap("statuses")).doesNotContainKey(session);
            assertThat(snapshot.getList("sessions.id", String.class)).doesNotContain(session);
        }
    }

    @Test
    void theFeedSendsAHeartbeatWhenNothingHappens() {
        try (FeedClient dashboard = FeedClient.connect(feed, Login.CLINICIAN)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> dashboard.comments().size() >= 2);

            assertThat(dashboard.comments()).allSatisfy(comment -> assertThat(comment).startsWith("heartbeat"));
            assertThat(dashboard.events().get(0).name()).isEqualTo("snapshot");
        }
    }

    @Test
    void aStationsFeedCarriesOnlyItsUnitsSessionsStatusesAndAlertsEachNamingItsPatient() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String ward = "Ward " + suffix;
        String mine = "FU-" + suffix + "-a";
        String other = "FU-" + suffix + "-b";
        register(mine, "MRN-" + suffix + "-A", "4", ward);
        register(other, "MRN-" + suffix + "-B", "4", "Day unit " + suffix);
        URI station = URI.create(feed + "?unit=" + ward.replace(" ", "%20"));
        try (FeedClient wardFeed = FeedClient.connect(station, Login.NURSE);
             FeedClient everyUnit = FeedClient.connect(feed, Login.NURSE)) {
            for (String session : List.of(mine, other)) {
                TestKafka.send(Topics.READINGS, session, IntStream.range(0, 10)
                        .mapToObj(s -> frame(session, session + "-m", s, "\"hr\": 70, \"rr\": 14, \"spo2\": 84"))
                        .toArray(String[]::new));
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> alerts(everyUnit, other).size() >= 1
                    && alerts(wardFeed, mine).size() >= 1 && !statuses(everyUnit, other).isEmpty()
                    && !statuses(wardFeed, mine).isEmpty());
            assertThat(statuses(wardFeed, other)).as("another unit's status").isEmpty();
            assertThat(alerts(wardFeed, other)).as("another unit's alert").isEmpty();
            JsonPath alert = JsonPath.from(alerts(wardFeed, mine).get(0));
            assertThat(alert.getString("room")).isEqualTo("4");
            assertThat(alert.getString("patientRef")).isEqualTo("MRN-" + suffix + "-A");
            assertThat(alert.getString("unit")).isEqualTo(ward);
            JsonPath status = JsonPath.from(statuses(wardFeed, mine).get(0));
            assertThat(status.getString("patientRef")).isEqualTo("MRN-" + suffix + "-A");
            assertThat(status.getString("unit")).isEqualTo(ward);
        }
        try (FeedClient late = FeedClient.connect(station, Login.NURSE)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !late.named("snapshot").isEmpty());
            JsonPath snapshot = JsonPath.from(late.named("snapshot").get(0).data());
            assertThat(snapshot.getList("sessions.id", String.class)).containsExactly(mine);
            assertThat(snapshot.getList("alerts.sessionId", String.class)).isNotEmpty().containsOnly(mine);
            assertThat(snapshot.getMap("statuses")).containsOnlyKeys(mine);
        }
        Login.NURSE.request().get("/api/units").then().statusCode(200)
                .body("find { it.unit == '" + ward + "' }.openSessions", equalTo(1));
        Login.NURSE.request().queryParam("unit", ward).get("/api/sessions")
                .then().statusCode(200).body("id", contains(mine));
        Login.NURSE.request().queryParam("unit", ward).queryParam("state", "open").get("/api/alerts")
                .then().statusCode(200).body("sessionId", everyItem(equalTo(mine)));
    }

    @Test
    void aUnitThatCannotBeOneIsRefusedNamingTheParameter() {
        Login.NURSE.request().queryParam("unit", "<script>").get("/api/sessions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("unit"));
        Login.CLINICIAN.request().body("{\"patientRef\": \"MRN-1\", \"room\": \"1\", \"unit\": \"\", "
                + "\"drug\": \"KETAMINE\", \"route\": \"IM\"}").post("/api/sessions")
                .then().statusCode(400).body("detail", containsString("unit"));
    }

    private static void register(String session, String patient, String room, String unit) {
        Login.CLINICIAN.request().body("{\"id\": \"" + session + "\", \"patientRef\": \"" + patient + "\", \"room\": \""
                + room + "\", \"unit\": \"" + unit + "\", \"drug\": \"KETAMINE\", \"route\": \"IM\"}")
                .post("/api/sessions").then().statusCode(201).body("unit", equalTo(unit));
    }

    private static List<String> alerts(FeedClient dashboard, String session) {
        return dashboard.named("alert").stream().map(FeedClient.Event::data)
                .filter(d -> d.contains("\"sessionId\":\"" + session + "\"")).toList();
    }

    private static List<String> statuses(FeedClient dashboard, String session) {
        return dashboard.named("status").stream().map(FeedClient.Event::data).filter(d -> d.contains(session)).toList();
    }
}
