package org.dosewatch.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.dosewatch.testing.Frames.frame;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.dosewatch.Topics;
import org.dosewatch.testing.KafkaAndPostgres;
import org.dosewatch.testing.Login;
import org.dosewatch.testing.TestKafka;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Two instances share the sessions: when a second instance joins, the sessions it takes over
 * carry on from their saved state, so their open alerts clear under the ids they were raised
 * with and nothing is raised twice; when it leaves, the first takes them back the same way.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgres.class, scope = TestResourceScope.GLOBAL)
class FailoverIT {

    private static final int SESSIONS = 12;

    @Inject
    Topology topology;

    @Inject
    KafkaStreams first;

    private static List<String> frames(String session, int from, int to, double spo2) {
        List<String> frames = new ArrayList<>();
        for (int s = from; s < to; s++) {
            frames.add(frame(session, session + "-m", s, "\"hr\": 80, \"rr\": 14, \"spo2\": " + spo2));
        }
        return frames;
    }

    private static JsonPath alerts(String session) {
        return Login.NURSE.request().get("/api/alerts?sessionId={id}", session).then().statusCode(200).extract().jsonPath();
    }

    private KafkaStreams secondInstance() throws Exception {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "dosewatch-evaluation");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaAndPostgres.bootstrapServers());
        config.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(Path.of("target", "second-instance-" + UUID.randomUUID()))
                .toAbsolutePath().toString());
        config.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        config.put(StreamsConfig.ACCEPTABLE_RECOVERY_LAG_CONFIG, 1_000_000L);
        config.put(StreamsConfig.consumerPrefix("session.timeout.ms"), 6000);
        config.put(StreamsConfig.consumerPrefix("heartbeat.interval.ms"), 1500);
        return new KafkaStreams(topology, config);
    }

    @Test
    void sessionsMovedToAnotherInstanceClearTheirAlertsUnderTheSameIdsAndRaiseNothingTwice() throws Exception {
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            sessions.add("FO-" + UUID.randomUUID().toString().substring(0, 8));
        }
        // Every session desaturates to 86 %: SPO2_LOW open, on the first instance alone.
        sessions.forEach(session -> TestKafka.send(Topics.READINGS, session, frames(session, 0, 30, 86).toArray(String[]::new)));
        List<String> lowIds = new ArrayList<>();
        for (String session : sessions) {
            JsonPath open = await().atMost(Duration.ofSeconds(30)).until(() -> alerts(session),
                    json -> json.getList("findAll { it.rule == 'SPO2_LOW' && it.state == 'ACTIVE' }").size() == 1);
            lowIds.add(open.getString("find { it.rule == 'SPO2_LOW' }.alertId"));
        }

        KafkaStreams second = secondInstance();
        try {
            second.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> second.state() == KafkaStreams.State.RUNNING
                    && first.state() == KafkaStreams.State.RUNNING
                    && second.metadataForLocalThreads().stream().anyMatch(thread -> !thread.activeTasks().isEmpty()));

            // The patients recover: each SPO2_LOW resolves, whichever instance now evaluates its session.
            sessions.forEach(session -> TestKafka.send(Topics.READINGS, session, frames(session, 30, 60, 98).toArray(String[]::new)));
            for (int i = 0; i < SESSIONS; i++) {
                String session = sessions.get(i);
                String id = lowIds.get(i);
                await().atMost(Duration.ofSeconds(30)).until(() -> alerts(session),
                        json -> json.getList("findAll { it.rule == 'SPO2_LOW' }").size() == 1
                                && "RESOLVED".equals(json.getString("find { it.rule == 'SPO2_LOW' }.state"))
                                && id.equals(json.getString("find { it.rule == 'SPO2_LOW' }.alertId")));
            }
        } finally {
            second.close(Duration.ofSeconds(20));
        }

        // The second instance is gone: the first takes its sessions back and raises their next episode.
        await().atMost(Duration.ofSeconds(60)).until(() -> first.state() == KafkaStreams.State.RUNNING);
        sessions.forEach(session -> TestKafka.send(Topics.READINGS, session, frames(session, 60, 90, 84).toArray(String[]::new)));
        for (String session : sessions) {
            await().atMost(Duration.ofSeconds(30)).until(() -> alerts(session),
                    json -> json.getList("findAll { it.rule == 'SPO2_CRITICAL' }").size() == 1);
            JsonPath all = alerts(session);
            assertThat(all.getList("findAll { it.rule == 'SPO2_LOW' }")).as("session %s", session).hasSizeLessThanOrEqualTo(2);
            String lowId = all.getString("find { it.rule == 'SPO2_LOW' && it.state == 'RESOLVED' }.alertId");
            assertThat(Login.NURSE.request().get("/api/alerts/{id}/events", lowId).then().extract().jsonPath()
                    .getList("event", String.class)).as("audit trail of %s", lowId)
                    .filteredOn("RAISED"::equals).hasSize(1);
        }
    }
}
