package org.dosewatch.testing;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The service as it runs in a clinic: the production profile (no local logins) with a real
 * Keycloak as the clinic's OIDC provider, and the tests' broker and database.
 */
public class ProductionWithKeycloak implements QuarkusTestProfile {

    @Override
    public String getConfigProfile() {
        return "prod";
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(KeycloakServer.class));
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "dosewatch.feed.heartbeat", "PT2S",
                "kafka-streams.acceptable.recovery.lag", "1000000",
                "quarkus.log.category.\"kafka\".level", "WARN",
                "quarkus.log.category.\"org.apache.kafka\".level", "WARN");
    }
}
