package org.dosewatch.security;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;

import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * The local logins ({@code quarkus.security.users.embedded.users.*}, or
 * {@code QUARKUS_SECURITY_USERS_EMBEDDED_USERS_*} in the environment) that the local, dev and
 * test profiles declare. Production has none: an instance in the production profile that finds
 * one refuses to start, because a password in configuration is not how a clinic's staff log in.
 */
@ApplicationScoped
public class LocalLogins {

    private static final String PROPERTY = "quarkus.security.users.embedded.users.";
    private static final String ENVIRONMENT = "QUARKUS_SECURITY_USERS_EMBEDDED_USERS_";

    private final Set<String> users = new TreeSet<>();

    @Inject
    public LocalLogins(Config config) {
        this(config.getPropertyNames(), ConfigUtils.getProfiles());
    }

    LocalLogins(Iterable<String> propertyNames, List<String> profiles) {
        for (String name : propertyNames) {
            if (name.startsWith(PROPERTY) && name.length() > PROPERTY.length()) {
                users.add(name.substring(PROPERTY.length()));
            } else if (name.startsWith(ENVIRONMENT) && name.length() > ENVIRONMENT.length()) {
                users.add(name.substring(ENVIRONMENT.length()).toLowerCase(Locale.ROOT));
            }
        }
        if (!users.isEmpty() && profiles.contains("prod")) {
            throw new IllegalStateException("Local logins " + users + " are configured in the production profile: "
                    + "they exist for the local, dev and test profiles only; production logins come from the "
                    + "clinic's OIDC provider (DOSEWATCH_OIDC_ISSUER)");
        }
    }

    public boolean enabled() {
        return !users.isEmpty();
    }

    public Set<String> users() {
        return Set.copyOf(users);
    }
}
