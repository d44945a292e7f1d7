package org.dosewatch.security;

import java.net.URI;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The dashboard's way in. {@code /login} is guarded by the OIDC code flow: a nurse who reaches
 * it has logged in at the clinic's provider and is sent on to the station view.
 */
@Path("/")
@Tag(name = "Session of the user")
public class LoginResource {

    /** How the page can log a user in: the clinic's provider, local logins, or both. */
    public record LoginOptions(boolean oidc, boolean local, String loginPath, String logoutPath) {
    }

    private final LoginOptions options;

    public LoginResource(@ConfigProperty(name = "quarkus.oidc.web.tenant-enabled") boolean oidc,
                         LocalLogins localLogins) {
        this.options = new LoginOptions(oidc, localLogins.enabled(), "/login", "/logout");
    }

    /**
     * Guarded by the code flow where the OIDC login is on (quarkus.http.auth.permission.login):
     * whoever arrives here has logged in. Without it, the station view offers the local logins.
     */
    @GET
    @Path("login")
    @PermitAll
    @Operation(summary = "Log in through the clinic's OIDC provider, then open the station view")
    public Response login() {
        return Response.seeOther(URI.create("/")).build();
    }

    @GET
    @Path("api/login-options")
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "How this deployment logs users in (OIDC provider, local logins)")
    public LoginOptions options() {
        return options;
    }
}
