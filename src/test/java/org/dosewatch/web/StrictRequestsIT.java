package org.dosewatch.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.dosewatch.testing.KafkaAndPostgres;
import org.dosewatch.testing.Login;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Request bodies are read strictly, an acknowledgement is JSON or nothing, another site's page
 * cannot act with a logged-in browser, and the page is never framed.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgres.class, scope = TestResourceScope.GLOBAL)
class StrictRequestsIT {

    private static final String SESSION = """
            {"patientRef": "MRN-1", "room": "1", "drug": "KETAMINE", "route": "IV"}""";

    @Test
    void aBodyWithContentAfterItsJsonValueIsRefused() {
        Login.CLINICIAN.request().body(SESSION + "{\"x\": 1}").post("/api/sessions")
                .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
        Login.DEVICE.request().body("{\"sessionId\": \"S-TRAIL\", \"deviceId\": \"d\", \"seq\": 1, "
                        + "\"ts\": \"2026-11-21T14:03:27Z\", \"hr\": 80}{\"x\": 1}").post("/api/readings")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void anEnumIsReadByItsNameNotByANumber() {
        Login.CLINICIAN.request().body(SESSION.replace("\"KETAMINE\"", "1")).post("/api/sessions")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("drug"));
    }

    @Test
    void anAcknowledgementIsJsonOnlySoACrossSiteFormCannotSendOne() {
        given().auth().preemptive().basic("clinician", "clinician").contentType("text/plain").body("note from a form")
                .post("/api/alerts/{id}/ack", "any-alert")
                .then().statusCode(415).contentType("application/problem+json");
        Login.CLINICIAN.request().body("{}").post("/api/alerts/{id}/ack", "no-such-alert")
                .then().statusCode(404).contentType("application/problem+json");
        // The body is optional (docs/contract.md): none at all, whatever the client labels it, is an acknowledgement.
        given().auth().preemptive().basic("clinician", "clinician").post("/api/alerts/{id}/ack", "no-such-alert")
                .then().statusCode(404).contentType("application/problem+json");
        Login.CLINICIAN.request().body("{\"note\": \"" + "x".repeat(2001) + "\"}").post("/api/alerts/{id}/ack", "no-such-alert")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("note"));
        Login.CLINICIAN.request().body("{\"note\": \"x\"}{}").post("/api/alerts/{id}/ack", "no-such-alert")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aRequestSentByAnotherSitesPageIsRefused() {
        Login.CLINICIAN.request().header("Origin", "https://elsewhere.example").body("{}")
                .post("/api/alerts/{id}/ack", "no-such-alert")
                .then().statusCode(403);
        Login.CLINICIAN.request().header("Origin", "http://localhost:" + io.restassured.RestAssured.port).body("{}")
                .post("/api/alerts/{id}/ack", "no-such-alert")
                .then().statusCode(404);
    }

    @Test
    void thePageRunsOnlyItsOwnScriptsAndIsNeverFramed() {
        given().get("/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("X-Frame-Options", equalTo("DENY"));
        given().get("/js/main.js").then().statusCode(200)
                .contentType(containsString("javascript"))
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("X-Content-Type-Options", equalTo("nosniff"));
    }

    @Test
    void aNulCharacterIsRefusedNamingWhereItWas() {
        Login.CLINICIAN.request().body(SESSION.replace("MRN-1", "MRN\\u00001")).post("/api/sessions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("patientRef"))
                .body("detail", containsString("NUL"));
        Login.CLINICIAN.request().body("{\"note\": \"air\\u0000way\"}").post("/api/alerts/{id}/ack", "no-such-alert")
                .then().statusCode(400).body("errors[0].field", equalTo("note"));
        Login.NURSE.request().urlEncodingEnabled(false).get("/api/sessions/S%00X")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("path"));
        Login.NURSE.request().urlEncodingEnabled(false).get("/api/alerts?sessionId=S%00X")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("sessionId"));
    }

    @Test
    void aBadInstantIsRefusedNamingItsField() {
        Login.NURSE.request().get("/api/sessions/{id}/vitals?from=yesterday", "any")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("from"));
        String id = Login.CLINICIAN.request().body(SESSION).post("/api/sessions").then().statusCode(201).extract().path("id");
        for (String at : new String[] {"\"+1000000000-01-01T00:00:00Z\"", "1e300", "\"0001-01-01T00:00:00Z\"", "\"next week\""}) {
            Login.CLINICIAN.request().body("{\"doseMg\": 35, \"at\": " + at + "}").post("/api/sessions/{id}/dose", id)
                    .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("at"));
        }
    }

    @Test
    void refusalsOfTheHttpLayerAreProblemsToo() {
        // The announced length is refused before a byte of the body is read.
        assertThat(rawRequest("POST /api/readings HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Basic ZGV2aWNlOmRldmljZQ==\r\n"
                + "Content-Type: application/json\r\nContent-Length: 50000000\r\n\r\n"))
                .startsWith("HTTP/1.1 413").contains("application/problem+json").contains("\"status\":413");
        assertThat(rawRequest("GET /api/sessions/" + "x".repeat(10_000) + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 414").contains("application/problem+json").contains("\"status\":414");
        // A path that cannot be decoded, or a request line over 64 KiB, is refused by the HTTP
        // codec itself, before any handler of the service: the status is right, the body empty.
        assertThat(rawRequest("GET /api/sessions/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 400");
        assertThat(rawRequest("GET /api/sessions/" + "x".repeat(70_000) + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
                .matches("(?s)HTTP/1.[01] 414.*");
    }

    /** One request written by hand (what an HTTP client refuses to send), and the answer's head and body. */
    private static String rawRequest(String head) {
        try (java.net.Socket socket = new java.net.Socket("localhost", io.restassured.RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            java.io.InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            while (answer.indexOf("\r\n\r\n") < 0) {
                int b = in.read();
                if (b < 0) {
                    return answer.toString();
                }
                answer.append((char) b);
            }
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(answer);
            if (length.find()) {
                answer.append(new String(in.readNBytes(Integer.parseInt(length.group(1))), java.nio.charset.StandardCharsets.UTF_8));
            }
            return answer.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
