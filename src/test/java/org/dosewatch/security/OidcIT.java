package org.dosewatch.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.dosewatch.testing.Frames.frame;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

import org.dosewatch.testing.KafkaAndPostgres;
import org.dosewatch.testing.KeycloakServer;
import org.dosewatch.testing.ProductionWithKeycloak;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;

/**
 * A production-profile instance with a real Keycloak: the API and the devices present the
 * provider's bearer tokens, the dashboard's login is the provider's code flow, and there is no
 * local login at all.
 */
@QuarkusTest
@TestProfile(ProductionWithKeycloak.class)
@WithTestResource(value = KafkaAndPostgres.class, scope = TestResourceScope.GLOBAL)
class OidcIT {

    @Test
    void aUserTokenCarriesTheUserAndTheRoleFromTheConfiguredClaim() {
        String clinician = KeycloakServer.userToken("clinician", "clinician");
        String nurse = KeycloakServer.userToken("nurse", "nurse");

        given().auth().oauth2(clinician).contentType(ContentType.JSON)
                .body("{\"patientRef\": \"MRN-2\", \"room\": \"2\", \"drug\": \"ESKETAMINE\", \"route\": \"INTRANASAL\"}")
                .post("/api/sessions")
                .then().statusCode(201)
                .body("createdBy", equalTo("clinician"));
        given().auth().oauth2(nurse).get("/api/me").then().statusCode(200)
                .body("user", equalTo("nurse")).body("roles", contains("nurse"));
        given().auth().oauth2(nurse).contentType(ContentType.JSON).body("{}")
                .post("/api/sessions").then().statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void aMonitorPostsReadingsWithItsClientCredentialsToken() {
        String id = "OIDC-" + UUID.randomUUID().toString().substring(0, 8);

        given().auth().oauth2(KeycloakServer.deviceToken()).contentType(ContentType.JSON)
                .body(frame(id, id + "-m", 1, "\"hr\": 72, \"spo2\": 98, \"rr\": 14"))
                .post("/api/readings")
                .then().statusCode(202);
        given().auth().oauth2(KeycloakServer.userToken("nurse", "nurse")).contentType(ContentType.JSON)
                .body(frame(id, id + "-m", 2, "\"hr\": 72"))
                .post("/api/readings")
                .then().statusCode(403);
    }

    @Test
    void aTokenSignedByAnyoneElseIsRefused() throws NoSuchAlgorithmException {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        String forged = Jwt.issuer(KeycloakServer.issuer()).upn("mallory").groups("clinician")
                .sign(rsa.generateKeyPair().getPrivate());

        given().auth().oauth2(forged).get("/api/sessions").then().statusCode(401);
    }

    @Test
    void aProductionInstanceHasNoLocalLogins() {
        given().auth().preemptive().basic("clinician", "clinician").get("/api/sessions")
                .then().statusCode(401);
        given().auth().preemptive().basic("device", "device").contentType(ContentType.JSON).body("[]")
                .post("/api/readings").then().statusCode(401);
        given().get("/api/sessions")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"));
        given().get("/api/login-options").then().statusCode(200)
                .body("oidc", equalTo(true)).body("local", equalTo(false));
    }

    @Test
    void theDashboardLoginIsTheProvidersCodeFlowWithPkce() {
        Response login = given().redirects().follow(false).get("/login");

        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.header("Location")).startsWith(KeycloakServer.issuer() + "/protocol/openid-connect/auth")
                .contains("client_id=" + KeycloakServer.CLIENT_ID)
                .contains("code_challenge=")
                .contains("code_challenge_method=S256");
        // An API call without a token is told 401, never sent to a login page.
        given().redirects().follow(false).header("X-Requested-With", "JavaScript").get("/api/me")
                .then().statusCode(401);
    }

    @Test
    void metricsAndTheApiDescriptionAreForTheMonitoringRoleWhileHealthStaysOpen() {
        given().get("/q/metrics").then().statusCode(401);
        given().get("/q/openapi").then().statusCode(401);
        given().auth().oauth2(KeycloakServer.userToken("nurse", "nurse")).get("/q/metrics").then().statusCode(403);
        given().auth().oauth2(KeycloakServer.monitoringToken()).get("/q/metrics").then().statusCode(200)
                .body(containsString("dosewatch_readings_consumed_total"));
        given().auth().oauth2(KeycloakServer.monitoringToken()).get("/q/openapi").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void requestsRefusedBeforeAnEndpointAddNoSeriesNamingTheirPath() {
        String nurse = KeycloakServer.userToken("nurse", "nurse");
        for (String path : new String[] {"/api/sessions/SECRET-1", "/api/made-up/SECRET-2", "/made/up/SECRET-3",
                "/q/made-up/SECRET-4", "/SECRET-5.html", "/api/alerts/SECRET-6/events"}) {
            given().get(path);
            given().auth().oauth2(nurse).get(path);
            given().auth().oauth2(nurse).contentType(ContentType.JSON).body("{}").post(path);
        }

        String metrics = given().auth().oauth2(KeycloakServer.monitoringToken()).get("/q/metrics").then().statusCode(200)
                .extract().asString();
        assertThat(metrics).doesNotContain("SECRET");
    }
}
