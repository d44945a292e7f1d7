package org.dosewatch.security;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.oidc.TenantResolver;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Chooses how an OIDC login is checked: the dashboard's code-flow session ("web" tenant) for
 * its login and logout paths and for requests that carry its session cookie, the bearer-token
 * tenant for everything else. So an API client without a token gets 401, never a redirect to a
 * login page it cannot follow.
 */
@ApplicationScoped
public class LoginTenant implements TenantResolver {

    public static final String WEB = "web";
    static final String SESSION_COOKIE = "q_session_" + WEB;

    @Override
    public String resolve(RoutingContext context) {
        if (context.request().getHeader(HttpHeaders.AUTHORIZATION) != null) {
            return null;
        }
        String path = context.normalizedPath();
        if ("/login".equals(path) || "/logout".equals(path) || hasSessionCookie(context)) {
            return WEB;
        }
        return null;
    }

    private static boolean hasSessionCookie(RoutingContext context) {
        String cookies = context.request().getHeader(HttpHeaders.COOKIE);
        return cookies != null && cookies.contains(SESSION_COOKIE);
    }
}
