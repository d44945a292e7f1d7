package org.dosewatch.reading;

import static org.awaitility.Awaitility.await;
import static org.dosewatch.testing.Frames.frame;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.assertj.core.api.Assertions;
import org.dosewatch.Channels;
import org.dosewatch.Topics;
import org.dosewatch.rules.RuleEngine;
import org.dosewatch.testing.KafkaAndPostgres;
import org.dosewatch.testing.Login;
import org.dosewatch.testing.TestKafka;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;

/**
 * An instance that loses its sessions' state (as after a restart) and is given the partition
 * again rebuilds it from the log: an episode open before is still open, and clears when the
 * patient recovers.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgres.class, scope = TestResourceScope.GLOBAL)
class RebuildIT {

    @Inject
    RuleEngine engine;

    @Inject
    FrameOrder frameOrder;

    @Inject
    KafkaClientService kafka;

    private static String state(String session, String rule) {
        return Login.NURSE.request().get("/api/alerts?sessionId={id}", session).then().extract().jsonPath()
                .getString("find { it.rule == '" + rule + "' }.state");
    }

    @Test
    void anOpenEpisodeSurvivesTheLossOfTheEnginesStateAndClearsWhenThePatientRecovers() {
        String session = "RB-" + UUID.randomUUID().toString().substring(0, 8);
        String device = session + "-m";
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        TestKafka.send(Topics.READINGS, session, IntStream.range(0, 30)
                .mapToObj(s -> at(session, device, s, start, "\"hr\": 80, \"rr\": 14, \"spo2\": " + (s < 5 ? 97 : 88)))
                .toArray(String[]::new));
        await().atMost(Duration.ofSeconds(30)).until(() -> "ACTIVE".equals(state(session, "SPO2_LOW")));

        // As after a restart: this instance no longer knows the session.
        engine.forget(session);
        frameOrder.forget(device);
        kafka.getConsumer(Channels.READINGS_IN).runOnPollingThread(c -> {
            c.enforceRebalance();
        }).await().atMost(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(30)).until(() -> engine.monitor(session).isPresent());

        TestKafka.send(Topics.READINGS, session, IntStream.range(30, 50)
                .mapToObj(s -> at(session, device, s, start, "\"hr\": 80, \"rr\": 14, \"spo2\": 97"))
                .toArray(String[]::new));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                Assertions.assertThat(state(session, "SPO2_LOW")).isEqualTo("RESOLVED"));
    }

    private static String at(String session, String device, int second, Instant start, String vitals) {
        return frame(session, device, second, vitals)
                .replaceFirst("\"ts\": \"[^\"]+\"", "\"ts\": \"" + start.plusSeconds(second) + "\"");
    }
}
