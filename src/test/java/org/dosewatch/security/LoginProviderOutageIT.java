package org.dosewatch.security;

import static io.restassured.RestAssured.given;
import static org.dosewatch.testing.Frames.frame;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.security.KeyPairGenerator;
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
import io.smallrye.jwt.build.Jwt;

/**
 * The clinic's login provider restarts or goes away: stations and monitors keep working, their
 * tokens checked against the provider's keys fetched before; a token signed by a key the service
 * never had is never let through and never a server error (401, or 503 saying the provider cannot
 * be reached when the service would have asked it for new keys); once the provider is back it is
 * refused (401) as always.
 */
@QuarkusTest
@TestProfile(ProductionWithKeycloak.class)
@WithTestResource(value = KafkaAndPostgres.class, scope = TestResourceScope.GLOBAL)
class LoginProviderOutageIT {

    @Test
    void whileTheProviderIsAwayTokensAreCheckedWithTheKeysAlreadyFetched() throws Exception {
        String nurse = KeycloakServer.userToken("nurse", "nurse");
        String device = KeycloakServer.deviceToken();
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        String forged = Jwt.issuer(KeycloakServer.issuer()).upn("mallory").groups("clinician").jws().keyId("mallorys-key")
                .sign(rsa.generateKeyPair().getPrivate());
        String id = "IDP-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(nurse).get("/api/sessions").then().statusCode(200);

        KeycloakServer.stopServer();
        try {
            given().auth().oauth2(nurse).get("/api/sessions").then().statusCode(200);
            given().auth().oauth2(device).contentType(ContentType.JSON)
                    .body(frame(id, id + "-m", 1, "\"hr\": 72, \"spo2\": 98, \"rr\": 14"))
                    .post("/api/readings")
                    .then().statusCode(202);
            // Signed by a key the service never had: refused as unknown (401), or, when the service would ask the
            // provider for keys it may have added since, answered that the provider cannot be reached (503).
            given().auth().oauth2(forged).get("/api/sessions")
                    .then().statusCode(anyOf(is(401), is(503)))
                    .contentType("application/problem+json")
                    .body("detail", anyOf(containsString("Log in"), containsString("login provider cannot be reached")));
            // Not a signed token: only the provider could introspect it.
            given().auth().oauth2("not-a-token").get("/api/sessions").then().statusCode(503)
                    .header("Retry-After", "10");
            given().get("/api/sessions").then().statusCode(401);
        } finally {
            KeycloakServer.startAgain();
        }

        given().auth().oauth2(forged).get("/api/sessions").then().statusCode(401);
        given().auth().oauth2("not-a-token").get("/api/sessions").then().statusCode(401);
        given().auth().oauth2(KeycloakServer.userToken("clinician", "clinician")).get("/api/sessions").then().statusCode(200);
    }
}
