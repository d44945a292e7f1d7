package org.dosewatch.protocol;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.dosewatch.session.DosingSession;
import org.dosewatch.web.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** The session's checklist (docs/contract.md section 6): what its protocol asks, and what was done. */
@Path("/api/sessions/{id}/protocol")
@Tag(name = "Sessions")
@jakarta.enterprise.context.ApplicationScoped
public class ProtocolResource {

    private final ProtocolService protocol;

    public ProtocolResource(ProtocolService protocol) {
        this.protocol = protocol;
    }

    @GET
    @RolesAllowed({"nurse", "clinician"})
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    @Operation(summary = "The session's scheduled checks (UPCOMING, DUE, DONE, OVERDUE), timed from the dose")
    public Uni<List<ProtocolCheck>> checks(@PathParam("id") String id) {
        return DosingSession.<DosingSession>findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("session", id))
                .chain(protocol::checks);
    }
}
