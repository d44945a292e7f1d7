package org.dosewatch.session;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.dosewatch.web.Units;
import org.dosewatch.alert.AlertService;
import org.dosewatch.history.RecordPart;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.quarkus.logging.Log;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** Dosing sessions (docs/contract.md section 3): clinicians create, dose and end; nurses read. */
@Path("/api/sessions")
@Tag(name = "Sessions")
@jakarta.ws.rs.Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    private final SessionService sessions;
    private final SessionEvents events;
    private final SecurityIdentity identity;
    private final AlertService alerts;
    private final List<RecordPart> recordParts;

    public SessionResource(SessionService sessions, SessionEvents events, SecurityIdentity identity, AlertService alerts,
                           @jakarta.enterprise.inject.Any jakarta.enterprise.inject.Instance<RecordPart> recordParts) {
        this.alerts = alerts;
        this.recordParts = recordParts.stream().toList();
        this.sessions = sessions;
        this.events = events;
        this.identity = identity;
    }

    @POST
    @RolesAllowed("clinician")
    @Operation(summary = "Register a dosing session",
            description = "A session that its monitor already opened (registered false) is completed and registered.")
    @APIResponse(responseCode = "201", description = "Registered; Location names the session")
    @APIResponse(responseCode = "409", description = "A registered session with this id exists")
    public Uni<RestResponse<SessionView>> create(@NotNull @Valid NewSession request) {
        return sessions.create(request, clinician())
                .call(events::publishPending)
                .map(view -> RestResponse.ResponseBuilder.<SessionView>created(URI.create("/api/sessions/" + view.id())).entity(view).build());
    }

    @GET
    @RolesAllowed({"nurse", "clinician"})
    @Operation(summary = "List sessions, newest first")
    public Uni<List<SessionView>> list(
            @Parameter(description = "open, ended, or a phase: PRE_DOSE, DOSING, OBSERVATION, DISCHARGE_READY, ENDED")
            @QueryParam("state") String state,
            @Parameter(description = "only the sessions of this unit (clinic, site or ward)")
            @QueryParam("unit") String unit) {
        return sessions.list(state, Units.parameter(unit));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"nurse", "clinician"})
    @Operation(summary = "One session with its phase, baseline and latest vitals")
    @APIResponse(responseCode = "404", description = "No such session")
    public Uni<SessionView> get(@PathParam("id") String id) {
        return sessions.get(id);
    }

    @POST
    @Path("{id}/dose")
    @RolesAllowed("clinician")
    @Operation(summary = "Record the dose: the session moves to DOSING (IV) or OBSERVATION")
    @APIResponse(responseCode = "404", description = "No such session")
    @APIResponse(responseCode = "409", description = "Ended, already dosed, or a pre-dose gate alert is unacknowledged")
    public Uni<SessionView> dose(@PathParam("id") String id, @NotNull @Valid DoseRecord dose) {
        return sessions.dose(id, dose, clinician()).call(events::publishPending);
    }

    @POST
    @Path("{id}/end")
    @RolesAllowed("clinician")
    @Operation(summary = "End the session; dischargeReadyAtEnd says whether the patient was discharge-ready")
    @APIResponse(responseCode = "404", description = "No such session")
    @APIResponse(responseCode = "409", description = "Already ended")
    public Uni<SessionView> end(@PathParam("id") String id) {
        // The session's open alerts are resolved at once; the alert sweep does it too if this fails.
        return sessions.end(id, clinician()).call(events::publishPending)
                .call(() -> settle(id))
                .call(() -> alerts.resolveEndedSessions(Instant.now())
                        .onFailure().invoke(e -> Log.warnf("Alerts of ended session %s left to the sweep: %s", id, e.getMessage()))
                        .onFailure().recoverWithNull());
    }

    /** Every frame evaluated before the end into the record before the end is answered. */
    private Uni<Void> settle(String id) {
        return Multi.createFrom().iterable(recordParts)
                .onItem().transformToUniAndConcatenate(part -> part.settle(id))
                .collect().last().replaceWithVoid()
                .onFailure().invoke(e -> Log.warnf("Record of ended session %s completed by the next writes: %s", id,
                        e.getMessage()))
                .onFailure().recoverWithNull();
    }

    private String clinician() {
        return identity.getPrincipal().getName();
    }
}
