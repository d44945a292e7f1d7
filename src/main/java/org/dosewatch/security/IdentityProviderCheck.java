package org.dosewatch.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/** Tells the operator at start-up when nobody will be able to log in. */
@ApplicationScoped
class IdentityProviderCheck {

    void onStart(@Observes StartupEvent event, EmbeddedUsers users,
                 @ConfigProperty(name = "mp.jwt.verify.publickey.location") String keys) {
        if (!users.enabled() && keys.contains(".invalid/")) {
            Log.warn("No identity provider is configured (DOSEWATCH_OIDC_ISSUER, DOSEWATCH_OIDC_JWKS): "
                    + "every API request will be refused with 401");
        }
    }
}
