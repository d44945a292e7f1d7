package org.dosewatch.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.dosewatch.testing.Frames.frame;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.dosewatch.Topics;
import org.dosewatch.testing.KafkaAndPostgres;
import org.dosewatch.testing.Login;
import org.dosewatch.testing.TestKafka;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The Grafana dashboard and the Prometheus alert rules of deploy/monitoring name only metrics
 * the service really exposes, once it has seen frames, a dead letter, an alert and an
 * acknowledgement.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgres.class, scope = TestResourceScope.GLOBAL)
class MonitoringIT {

    private static final Path MONITORING = Path.of("deploy", "monitoring");
    /** The metric names in a PromQL expression: our own families and the Kafka clients'. */
    private static final Pattern METRIC = Pattern.compile("\\b((?:dosewatch|kafka)_[a-z0-9_]+)");

    @Test
    void theDashboardAndTheAlertRulesNameOnlyMetricsTheServiceExposes() throws IOException {
        Set<String> named = new TreeSet<>();
        JsonNode dashboard = new ObjectMapper().readTree(MONITORING.resolve("grafana/dosewatch.json").toFile());
        dashboard.findValuesAsText("expr").forEach(expr -> named.addAll(metrics(expr)));
        JsonNode rules = new YAMLMapper().readTree(MONITORING.resolve("prometheus/dosewatch-alerts.yml").toFile());
        rules.findValuesAsText("expr").forEach(expr -> named.addAll(metrics(expr)));
        assertThat(rules.findValuesAsText("alert")).contains("DoseWatchNoReadings", "DoseWatchDeadLettersRising",
                "DoseWatchNotReady", "DoseWatchConsumerLagGrowing");
        assertThat(named).contains("dosewatch_readings_consumed_total", "dosewatch_readings_rejected_total",
                "dosewatch_reading_processing_seconds", "dosewatch_alerts_raised_total",
                "dosewatch_alerts_time_to_acknowledge_seconds_bucket", "dosewatch_feed_clients", "dosewatch_ready");

        exerciseEveryFamily();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Set<String> exposed = exposed();
            assertThat(named).as("metrics named by deploy/monitoring but not exposed; exposed: " + exposed)
                    .allMatch(exposed::contains);
        });
    }

    /** A session with frames, a refused frame, an alert and its acknowledgement. */
    private static void exerciseEveryFamily() {
        String id = "MON-" + UUID.randomUUID().toString().substring(0, 8);
        Login.CLINICIAN.request().body("{\"id\": \"" + id + "\", \"patientRef\": \"MRN-7\", \"room\": \"7\", "
                + "\"drug\": \"KETAMINE\", \"route\": \"IV\"}").post("/api/sessions").then().statusCode(201);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        TestKafka.send(Topics.READINGS, id, IntStream.range(0, 11)
                .mapToObj(s -> frame(id, id + "-m", s, s < 10 ? "\"hr\": 76, \"spo2\": 97, \"rr\": 14" : "\"hr\": 80, \"spo2\": 82, \"rr\": 14")
                        .replaceFirst("\"ts\": \"[^\"]+\"", "\"ts\": \"" + now.minusSeconds(10 - s) + "\""))
                .toArray(String[]::new));
        TestKafka.send(Topics.READINGS, id, frame(id, id + "-m", 50, "\"hr\": 400"));
        String alertId = Awaitility.await().atMost(Duration.ofSeconds(20)).until(
                () -> Login.NURSE.request().get("/api/alerts?sessionId=" + id).then().statusCode(200)
                        .extract().jsonPath().getString("find { it.rule == 'SPO2_CRITICAL' }.alertId"),
                found -> found != null);
        Login.CLINICIAN.request().body("{}").post("/api/alerts/{id}/ack", alertId).then().statusCode(200);
    }

    private static Set<String> metrics(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = METRIC.matcher(expr);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static Set<String> exposed() {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Set<String> names = text.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("[{ ]", 2)[0])
                .collect(Collectors.toCollection(TreeSet::new));
        try {
            Files.writeString(Path.of("target", "metrics.txt"), text);
        } catch (IOException e) {
            // only a help for whoever reads a failure
        }
        return names;
    }
}
