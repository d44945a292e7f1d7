package org.dosewatch.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The DoseWatch REST API as the simulator uses it: registering sessions and their dose, and
 * posting frames ({@code POST /api/readings}) when Kafka is not the way in.
 */
final class ServiceClient implements FrameSink {

    private static final int BATCH = 200;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String clinician;
    private final String device;
    private final List<String> batch = new ArrayList<>();
    private final String unit;

    ServiceClient(URI base, String clinicianLogin, String deviceLogin, String unit) {
        this.base = base;
        this.unit = unit;
        this.clinician = auth(clinicianLogin);
        this.device = auth(deviceLogin);
    }

    private static String auth(String login) {
        return "Basic " + Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8));
    }

    /** Registers the session (201, or 409 if it is already there: a re-run). */
    void register(SimulatedSession session, String room) throws IOException, InterruptedException {
        Scenario scenario = session.scenario();
        Patient patient = session.patient();
        String body = "{\"id\":\"" + session.sessionId() + "\",\"patientRef\":\"SIM-" + session.sessionId()
                + "\",\"room\":\"" + room + "\"" + (unit == null ? "" : ",\"unit\":\"" + unit.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                + ",\"drug\":\"" + scenario.drug() + "\",\"route\":\"" + scenario.route()
                + "\",\"plannedDoseMg\":" + Math.round(scenario.doseFor(patient)) + ",\"weightKg\":"
                + Math.round(patient.weightKg()) + "}";
        int status = post("/api/sessions", body, clinician);
        if (status != 201 && status != 409) {
            throw new IllegalStateException("registering " + session.sessionId() + " answered " + status);
        }
    }

    /** Records the dose at {@code at} (device time), no later than now. */
    void dose(SimulatedSession session, Instant at) throws IOException, InterruptedException {
        Instant when = at.isAfter(Instant.now()) ? Instant.now() : at;
        String body = "{\"doseMg\":" + Math.round(session.scenario().doseFor(session.patient())) + ",\"at\":\"" + when + "\"}";
        int status = post("/api/sessions/" + session.sessionId() + "/dose", body, clinician);
        if (status != 200 && status != 409) {
            throw new IllegalStateException("recording the dose of " + session.sessionId() + " answered " + status);
        }
        if (status == 409) {
            System.err.println("dose of " + session.sessionId() + " not recorded (409): a pre-dose alert waits for a clinician");
        }
    }

    /** Records what the nurse observed at {@code at} (device time), no later than now. */
    void observe(SimulatedSession session, Scenario.Observation observation, Instant at)
            throws IOException, InterruptedException {
        Instant when = at.isAfter(Instant.now()) ? Instant.now() : at;
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("at", when.toString());
        body.put("moaas", observation.moaas());
        body.put("rass", observation.rass());
        body.put("cadss", observation.cadss());
        body.put("aldrete", observation.aldrete());
        body.put("consciousness", observation.consciousness());
        body.put("supplementalO2", observation.supplementalO2());
        body.put("temperature", observation.temperature());
        body.put("sedation", observation.sedation());
        body.put("dissociation", observation.dissociation());
        body.put("respiratoryDepression", observation.respiratoryDepression());
        body.put("note", observation.note());
        body.values().removeIf(java.util.Objects::isNull);
        int status = post("/api/sessions/" + session.sessionId() + "/observations", JSON.writeValueAsString(body), clinician);
        if (status != 201 && status != 409) {
            throw new IllegalStateException("recording an observation of " + session.sessionId() + " answered " + status);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** Ends the session once its scenario is over, so a finished session is not taken for a silent monitor. */
    void end(SimulatedSession session) throws IOException, InterruptedException {
        int status = post("/api/sessions/" + session.sessionId() + "/end", "{}", clinician);
        if (status != 200 && status != 409) {
            throw new IllegalStateException("ending " + session.sessionId() + " answered " + status);
        }
    }

    @Override
    public void send(Frame frame) throws IOException, InterruptedException {
        batch.add(frame.toJson());
        if (batch.size() >= BATCH) {
            flush();
        }
    }

    @Override
    public void flush() throws IOException, InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        int status = post("/api/readings", "[" + String.join(",", batch) + "]", device);
        batch.clear();
        if (status != 202) {
            throw new IllegalStateException("POST /api/readings answered " + status);
        }
    }

    private int post(String path, String json, String authorization) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.net.ConnectException e) {
            throw new IllegalStateException("cannot reach DoseWatch at " + base, e);
        }
    }
}
