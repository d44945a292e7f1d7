package org.dosewatch.security;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * What a 401 asks for: Basic where local logins exist, a bearer token otherwise. A page's own
 * script (X-Requested-With) is never asked for Basic, which would make the browser show its
 * password prompt over the page's login.
 */
@ApplicationScoped
public class AuthenticationChallenge {

    private static final String BASIC = "Basic realm=\"DoseWatch\"";
    private static final String BEARER = "Bearer realm=\"DoseWatch\"";

    private final boolean localLogins;

    public AuthenticationChallenge(LocalLogins localLogins) {
        this.localLogins = localLogins.enabled();
    }

    public String header(boolean fromPageScript) {
        return localLogins && !fromPageScript ? BASIC : BEARER;
    }
}
