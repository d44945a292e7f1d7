package org.dosewatch.web;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/**
 * Tells a failure to check a token because the clinic's login provider cannot be reached (it is
 * down, restarting, or unknown to the network) from a token that is simply not good. The first is
 * answered 503, so a station or monitor tries again; the second 401, as always.
 */
final class LoginProviderAway {

    /** The problem of a request whose token could not be checked because the login provider is away. */
    static final Problem PROBLEM = Problem.of(503, "Service Unavailable",
            "The login provider cannot be reached, so this token cannot be checked now; try again shortly");
    static final String RETRY_AFTER_SECONDS = "10";

    private LoginProviderAway() {
    }

    static boolean explains(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException
                    || t instanceof SocketTimeoutException) {
                return true;
            }
            // What the OIDC client says when it never reached the provider (its cause is not always kept).
            if (t instanceof io.quarkus.oidc.OIDCException && t.getMessage() != null
                    && t.getMessage().contains("Server is not available")) {
                return true;
            }
        }
        return false;
    }
}
