package org.dosewatch.security;

import jakarta.enterprise.context.ApplicationScoped;

/** What a 401 asks for: Basic where local logins are enabled, a bearer token otherwise. */
@ApplicationScoped
public class AuthenticationChallenge {

    private final EmbeddedUsers users;

    public AuthenticationChallenge(EmbeddedUsers users) {
        this.users = users;
    }

    public String header() {
        return users.enabled() ? "Basic realm=\"DoseWatch\"" : "Bearer realm=\"DoseWatch\"";
    }
}
