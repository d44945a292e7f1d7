package org.dosewatch.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The clinic's side of a fault run, over the REST API as a clinician uses it. */
final class Clinic {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String url;
    private final String authorization = "Basic " + Base64.getEncoder().encodeToString("clinician:clinician".getBytes(StandardCharsets.UTF_8));

    Clinic(String url) {
        this.url = url;
    }

    void register(FaultWorkload.Ward session) throws IOException, InterruptedException {
        expect(201, post("/api/sessions", "{\"id\": \"" + session.id() + "\", \"patientRef\": \"MRN-" + session.id()
                + "\", \"room\": \"" + session.id().substring(3) + "\", \"unit\": \"Fault ward\", \"drug\": \""
                + session.scenario().drug() + "\", \"route\": \"" + session.scenario().route() + "\"}"));
        expect(200, post("/api/sessions/" + session.id() + "/dose", "{\"doseMg\": "
                + Math.round(session.scenario().doseFor(session.simulated().patient())) + ", \"at\": \"" + session.doseAt() + "\"}"));
    }

    /** Device time of the newest frame the rule engine has evaluated for the session, or null. */
    String latestTs(String sessionId) throws IOException, InterruptedException {
        HttpResponse<String> answer = get("/api/sessions/" + sessionId);
        return answer.statusCode() == 200 ? JSON.readTree(answer.body()).path("latest").path("ts").asText(null) : null;
    }

    List<JsonNode> alerts(String sessionId) throws IOException, InterruptedException {
        HttpResponse<String> answer = get("/api/alerts?limit=1000&sessionId=" + sessionId);
        expect(200, answer);
        List<JsonNode> alerts = new ArrayList<>();
        JSON.readTree(answer.body()).forEach(alerts::add);
        return alerts;
    }

    JsonNode events(String alertId) throws IOException, InterruptedException {
        HttpResponse<String> answer = get("/api/alerts/" + alertId + "/events");
        expect(200, answer);
        return JSON.readTree(answer.body());
    }

    void acknowledge(String alertId) throws IOException, InterruptedException {
        expect(200, post("/api/alerts/" + alertId + "/ack", "{\"note\": \"seen at the end of the fault run\"}"));
    }

    void end(String sessionId) throws IOException, InterruptedException {
        expect(200, post("/api/sessions/" + sessionId + "/end", "{}"));
    }

    AlertLedger ledger(List<String> sessionIds) throws IOException, InterruptedException {
        java.util.Map<String, AlertLedger.Alert> all = new java.util.TreeMap<>();
        for (String session : sessionIds) {
            for (JsonNode alert : alerts(session)) {
                String id = alert.path("alertId").asText();
                all.put(id, AlertLedger.alert(alert, events(id)));
            }
        }
        return new AlertLedger(all);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", authorization)
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", authorization)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(int status, HttpResponse<String> answer) {
        if (answer.statusCode() != status) {
            throw new IllegalStateException(answer.request().method() + " " + answer.request().uri() + " answered "
                    + answer.statusCode() + ", not " + status + ": " + answer.body());
        }
    }
}
