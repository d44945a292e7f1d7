package org.dosewatch.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/** Tells the operator at start-up how users log in, and when nobody will be able to. */
@ApplicationScoped
class IdentityProviderCheck {

    void onStart(@Observes StartupEvent event, LocalLogins localLogins,
                 @ConfigProperty(name = "quarkus.oidc.tenant-enabled") boolean oidc,
                 @ConfigProperty(name = "quarkus.oidc.auth-server-url") String issuer) {
        if (localLogins.enabled()) {
            Log.infof("Local logins %s are enabled (local, dev and test profiles only)", localLogins.users());
        }
        if (oidc && !issuer.contains(".invalid/")) {
            Log.infof("Logins through the OIDC provider %s", issuer);
        } else if (!localLogins.enabled()) {
            Log.warn("No identity provider is configured (DOSEWATCH_OIDC_ISSUER, DOSEWATCH_OIDC_CLIENT_SECRET): "
                    + "every API request will be refused with 401");
        }
    }
}
