package org.dosewatch.session;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** Nurse observations of a session (docs/contract.md section 6): recorded by nurses and clinicians, never changed. */
@Path("/api/sessions/{id}/observations")
@Tag(name = "Sessions")
@jakarta.ws.rs.Produces(MediaType.APPLICATION_JSON)
public class ObservationResource {

    private final SessionService sessions;
    private final SessionEvents events;
    private final SecurityIdentity identity;

    public ObservationResource(SessionService sessions, SessionEvents events, SecurityIdentity identity) {
        this.sessions = sessions;
        this.events = events;
        this.identity = identity;
    }

    @POST
    @RolesAllowed({"nurse", "clinician"})
    @Operation(summary = "Record an observation: MOAA/S, RASS, CADSS, modified Aldrete, ACVPU, oxygen, temperature, flags, note",
            description = "Consciousness, supplemental oxygen and temperature enter NEWS2 from then on. Never changed: a correction is a new observation.")
    @APIResponse(responseCode = "201", description = "Recorded, with who recorded it")
    @APIResponse(responseCode = "409", description = "The session has ended")
    public Uni<RestResponse<Observation>> record(@PathParam("id") String id, @NotNull @Valid NewObservation body) {
        return sessions.observe(id, body, identity.getPrincipal().getName())
                .call(events::publishPending)
                .map(observation -> RestResponse.ResponseBuilder.<Observation>created(
                        URI.create("/api/sessions/" + id + "/observations")).entity(observation).build());
    }

    @GET
    @RolesAllowed({"nurse", "clinician"})
    @Operation(summary = "The session's observations, oldest first")
    public Uni<List<Observation>> list(@PathParam("id") String id) {
        return sessions.observations(id);
    }
}
