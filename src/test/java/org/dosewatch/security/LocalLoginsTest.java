package org.dosewatch.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class LocalLoginsTest {

    @Test
    void theLocalProfileLogsInItsConfiguredUsers() {
        LocalLogins logins = new LocalLogins(List.of("quarkus.security.users.embedded.users.nurse",
                "quarkus.security.users.embedded.roles.nurse", "QUARKUS_SECURITY_USERS_EMBEDDED_USERS_AUDITOR",
                "quarkus.http.port"), List.of("local"));

        assertThat(logins.enabled()).isTrue();
        assertThat(logins.users()).containsExactlyInAnyOrder("nurse", "auditor");
    }

    @Test
    void productionWithoutLocalUsersStartsAndAsksForBearerTokens() {
        LocalLogins logins = new LocalLogins(List.of("quarkus.security.users.embedded.enabled", "quarkus.http.port"), List.of("prod"));

        assertThat(logins.enabled()).isFalse();
        assertThat(new AuthenticationChallenge(logins).header(false)).startsWith("Bearer");
    }

    @Test
    void productionRefusesToStartWithALocalUser() {
        assertThatThrownBy(() -> new LocalLogins(List.of("QUARKUS_SECURITY_USERS_EMBEDDED_USERS_ADMIN"), List.of("prod")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("[admin]")
                .hasMessageContaining("production profile");
    }
}
