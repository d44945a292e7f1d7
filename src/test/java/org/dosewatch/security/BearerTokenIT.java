package org.dosewatch.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import org.dosewatch.testing.KafkaAndPostgres;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;

/**
 * The production security set-up: bearer tokens from the clinic's identity provider, checked
 * against its published key, and no built-in login at all.
 */
@QuarkusTest
@TestProfile(BearerTokenIT.Production.class)
@WithTestResource(value = KafkaAndPostgres.class, scope = TestResourceScope.GLOBAL)
class BearerTokenIT {

    static final String ISSUER = "https://login.clinic.test/realms/dosewatch";
    /** The identity provider's keys: Quarkus loads test classes twice, so both copies read them from one file. */
    static final KeyPair KEYS = identityProviderKeys(Path.of("target", "test-identity-provider.key"));

    public static class Production implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.security.users.embedded.enabled", "false",
                    "mp.jwt.verify.issuer", ISSUER,
                    "mp.jwt.verify.publickey.location", publicKeyFile().toUri().toString());
        }
    }

    private static String token(String user, String... roles) {
        return Jwt.issuer(ISSUER).upn(user).groups(Set.of(roles))
                .expiresIn(Duration.ofMinutes(5))
                .sign(KEYS.getPrivate());
    }

    @Test
    void aTokenFromTheIdentityProviderCarriesTheUserAndRole() {
        given().auth().oauth2(token("dr.okafor", "clinician")).contentType(ContentType.JSON)
                .body("{\"patientRef\": \"MRN-2\", \"room\": \"2\", \"drug\": \"ESKETAMINE\", \"route\": \"INTRANASAL\"}")
                .post("/api/sessions")
                .then().statusCode(201)
                .body("createdBy", equalTo("dr.okafor"));
        given().auth().oauth2(token("n.lind", "nurse")).get("/api/sessions").then().statusCode(200);
        given().auth().oauth2(token("n.lind", "nurse")).contentType(ContentType.JSON).body("{}")
                .post("/api/sessions").then().statusCode(403);
    }

    @Test
    void aTokenSignedByAnyoneElseIsRefused() {
        String forged = Jwt.issuer(ISSUER).upn("mallory").groups("clinician").sign(rsaKeys().getPrivate());

        given().auth().oauth2(forged).get("/api/sessions").then().statusCode(401);
    }

    @Test
    void thereIsNoBuiltInLogin() {
        given().auth().preemptive().basic("clinician", "clinician").get("/api/sessions")
                .then().statusCode(401);
        given().get("/api/sessions")
                .then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"));
    }

    private static Path publicKeyFile() {
        try {
            Path file = Files.createTempFile("dosewatch-idp", ".pem");
            file.toFile().deleteOnExit();
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(KEYS.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
            return Files.writeString(file, pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyPair identityProviderKeys(Path file) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Files.write(file, rsaKeys().getPrivate().getEncoded());
            }
            RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(file)));
            PublicKey publicKey = rsa.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            return new KeyPair(publicKey, privateKey);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("test identity provider keys: " + e.getMessage(), e);
        }
    }

    private static KeyPair rsaKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
