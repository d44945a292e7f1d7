package org.dosewatch.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dosewatch.testing.Frames.frame;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import org.dosewatch.Topics;
import org.dosewatch.testing.KafkaAndPostgres;
import org.dosewatch.testing.Login;
import org.dosewatch.testing.TestKafka;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * docs/asyncapi.yaml describes what the topics really carry: records the running service
 * writes on each of the five topics are checked against the document's payload schemas.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgres.class, scope = TestResourceScope.GLOBAL)
class AsyncApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode DOCUMENT = read(Path.of("docs", "asyncapi.yaml"));

    /** The document's schema {@code name}, with its references resolved inside the document. */
    private static JsonSchema schema(String name) {
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", "http://json-schema.org/draft-07/schema#");
        root.set("components", DOCUMENT.get("components"));
        root.put("$ref", "#/components/schemas/" + name);
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(root);
    }

    private static Set<ValidationMessage> problems(String schema, String json) {
        try {
            return schema(schema).validate(JSON.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void conforms(String schema, String json) {
        assertThat(problems(schema, json)).as(schema + ": " + json).isEmpty();
    }

    @Test
    void theDocumentNamesTheFiveTopics() {
        List<String> addresses = DOCUMENT.get("channels").findValuesAsText("address");
        assertThat(addresses).containsExactlyInAnyOrder(Topics.READINGS, Topics.READINGS_DLQ, Topics.ALERTS,
                Topics.STATUS, Topics.SESSIONS);
        assertThat(DOCUMENT.get("asyncapi").asText()).startsWith("3.");
    }

    @Test
    void everyTopicCarriesWhatTheDocumentSays() {
        String id = "API-" + UUID.randomUUID().toString().substring(0, 8);
        Login.CLINICIAN.request().body("{\"id\": \"" + id + "\", \"patientRef\": \"MRN-9\", \"room\": \"9\", "
                + "\"drug\": \"ESKETAMINE\", \"route\": \"INTRANASAL\", \"baseline\": {\"hr\": 72, \"sbp\": 124, \"dbp\": 78}}")
                .post("/api/sessions").then().statusCode(201);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> frames = IntStream.range(0, 12)
                .mapToObj(s -> frame(id, id + "-m", s, s < 11
                        ? "\"hr\": 76, \"spo2\": 97, \"rr\": 14, \"etco2\": 37" + (s == 5 ? ", \"sbp\": 128, \"dbp\": 80, \"map\": 96" : "")
                        : "\"hr\": 80, \"spo2\": 82, \"rr\": 14")
                        .replaceFirst("\"ts\": \"[^\"]+\"", "\"ts\": \"" + now.minusSeconds(12 - s) + "\""))
                .toList();
        String refused = frame(id, id + "-m", 99, "\"hr\": 400");
        TestKafka.send(Topics.READINGS, id, frames.toArray(String[]::new));
        TestKafka.send(Topics.READINGS, id, refused);
        Login.CLINICIAN.request().body("{\"doseMg\": 56}").post("/api/sessions/{id}/dose", id).then().statusCode(200);

        TestKafka.awaitRecords(Topics.READINGS, id, frames.size(), "none").stream()
                .filter(r -> !r.value().equals(refused))
                .forEach(r -> conforms("Reading", r.value()));
        assertThat(problems("Reading", refused)).as("the frame the service dead-letters breaks the schema too").isNotEmpty();

        TestKafka.Received deadLetter = TestKafka.awaitRecords(Topics.READINGS_DLQ, id, 1, Topics.DLQ_REASON).get(0);
        conforms("DeadLetterHeaders", JSON.valueToTree(deadLetter.headers()).toString());
        assertThat(deadLetter.value()).isEqualTo(refused);

        TestKafka.awaitRecords(Topics.ALERTS, id, 1, "none").forEach(r -> conforms("AlertEvent", r.value()));
        TestKafka.awaitRecords(Topics.STATUS, id, 1, "none").forEach(r -> conforms("SessionStatus", r.value()));
        List<TestKafka.Received> sessions = TestKafka.awaitRecords(Topics.SESSIONS, id, 2, "none");
        sessions.forEach(r -> conforms("SessionEvent", r.value()));
        assertThat(sessions.get(sessions.size() - 1).value()).contains("\"doseAt\":\"");
    }

    @Test
    void theReadingSchemaRefusesWhatTheContractRefuses() {
        conforms("Reading", """
                {"sessionId": "KS-0001", "deviceId": "room3-monitor", "seq": 1842, "ts": "2026-11-21T14:03:27.000Z",
                 "hr": 84, "spo2": 97, "rr": 14, "etco2": 37, "sbp": 131, "dbp": 82, "map": 98, "vendorField": "ignored"}""");
        for (String bad : List.of(
                "{\"sessionId\": \"KS-1\", \"deviceId\": \"m\", \"seq\": 1, \"ts\": \"2026-11-21T14:03:27Z\"}",
                "{\"sessionId\": \"KS-1\", \"deviceId\": \"m\", \"seq\": 1, \"hr\": 80}",
                "{\"sessionId\": \"KS 1\", \"deviceId\": \"m\", \"seq\": 1, \"ts\": \"2026-11-21T14:03:27Z\", \"hr\": 80}",
                "{\"sessionId\": \"KS-1\", \"deviceId\": \"m\", \"seq\": -1, \"ts\": \"2026-11-21T14:03:27Z\", \"hr\": 80}",
                "{\"sessionId\": \"KS-1\", \"deviceId\": \"m\", \"seq\": 1, \"ts\": \"2026-11-21T14:03:27Z\", \"sbp\": 120}",
                "{\"sessionId\": \"KS-1\", \"deviceId\": \"m\", \"seq\": 1, \"ts\": \"2026-11-21T14:03:27Z\", \"spo2\": 101}")) {
            assertThat(problems("Reading", bad)).as(bad).isNotEmpty();
        }
        for (String schema : List.of("AlertEvent", "SessionStatus", "SessionEvent", "DeadLetterHeaders")) {
            assertThat(problems(schema, "{\"sessionId\": \"KS-1\", \"phase\": \"ASLEEP\"}")).as(schema).isNotEmpty();
        }
    }

    private static JsonNode read(Path file) {
        try {
            return new YAMLMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
