package org.dosewatch.security;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

/** Who is logged in, and as what: the dashboard shows clinicians the Acknowledge button and nurses not. */
@Path("/api/me")
@Tag(name = "Session of the user")
public class MeResource {

    private final SecurityIdentity identity;

    public MeResource(SecurityIdentity identity) {
        this.identity = identity;
    }

    public record Me(String user, List<String> roles) {
    }

    @GET
    @RolesAllowed({"nurse", "clinician", "device"})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The logged-in user and their DoseWatch roles")
    public Me me() {
        return new Me(identity.getPrincipal().getName(),
                identity.getRoles().stream().filter(r -> List.of("nurse", "clinician", "device").contains(r)).sorted().toList());
    }
}
