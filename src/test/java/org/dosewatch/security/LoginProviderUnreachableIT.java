package org.dosewatch.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import java.io.IOException;
import java.net.ServerSocket;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Map;

import org.dosewatch.testing.KafkaAndPostgres;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.build.Jwt;

/**
 * A production instance whose login provider cannot be reached at all (down since before the
 * instance started, so it holds none of its keys): a request with a bearer token is answered
 * 503, a problem saying the login provider cannot be reached, never a server error and never let
 * through; a request without one is still 401.
 */
@QuarkusTest
@TestProfile(LoginProviderUnreachableIT.ProviderAway.class)
@WithTestResource(value = KafkaAndPostgres.class, scope = TestResourceScope.GLOBAL)
class LoginProviderUnreachableIT {

    /** The production profile with its provider at an address where nothing listens. */
    public static class ProviderAway implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "prod";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            String issuer = "http://127.0.0.1:" + closedPort() + "/realms/dosewatch";
            return Map.of(
                    "quarkus.oidc.tenant-enabled", "true",
                    "quarkus.oidc.web.tenant-enabled", "true",
                    "quarkus.oidc.auth-server-url", issuer,
                    "quarkus.oidc.connection-delay", "PT1S",
                    "quarkus.oidc.web.connection-delay", "PT1S",
                    "quarkus.oidc.web.credentials.secret", "dosewatch-local-client-secret-0001",
                    "kafka-streams.acceptable.recovery.lag", "1000000");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of();
        }

        private static int closedPort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void aBearerTokenIsAnsweredThatTheLoginProviderCannotBeReached() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        String token = Jwt.issuer("https://login.clinic.example/realms/dosewatch").upn("nurse").groups("nurse")
                .sign(rsa.generateKeyPair().getPrivate());

        given().auth().oauth2(token).get("/api/sessions")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "10")
                .body("detail", containsString("login provider cannot be reached"));
        given().auth().oauth2(token).get("/api/feed").then().statusCode(503);
        given().auth().oauth2(token).get("/q/metrics").then().statusCode(503).contentType("application/problem+json");
        given().get("/api/sessions").then().statusCode(401);
        given().get("/q/health/live").then().statusCode(200);
    }
}
