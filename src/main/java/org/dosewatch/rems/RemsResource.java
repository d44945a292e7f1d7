package org.dosewatch.rems;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.dosewatch.alert.AlertQueries;
import org.dosewatch.history.VitalsHistory;
import org.dosewatch.monitor.Drug;
import org.dosewatch.monitor.RuleProfile;
import org.dosewatch.protocol.CheckKind;
import org.dosewatch.protocol.ProtocolCheck;
import org.dosewatch.protocol.ProtocolService;
import org.dosewatch.rules.RuleProfiles;
import org.dosewatch.session.DosingSession;
import org.dosewatch.session.Observation;
import org.dosewatch.web.ProblemException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/**
 * The esketamine REMS Patient Monitoring Form (docs/contract.md section 6), filled from an ended
 * session's record, as JSON or PDF, and the inputs only a clinician knows. Esketamine sessions
 * only: for any other drug both answer 409.
 */
@Path("/api/sessions/{id}")
@Tag(name = "REMS form")
public class RemsResource {

    private static final MediaType PDF = new MediaType("application", "pdf");

    private final AlertQueries alerts;
    private final VitalsHistory history;
    private final ProtocolService protocol;
    private final RuleProfiles profiles;
    private final Clock clock;
    private final ZoneId zone;

    public RemsResource(AlertQueries alerts, VitalsHistory history, ProtocolService protocol, RuleProfiles profiles, Clock clock,
                        @ConfigProperty(name = "dosewatch.rems.time-zone", defaultValue = "UTC") ZoneId zone) {
        this.alerts = alerts;
        this.history = history;
        this.protocol = protocol;
        this.profiles = profiles;
        this.clock = clock;
        this.zone = zone;
    }

    @GET
    @Path("rems-form")
    @RolesAllowed("clinician")
    @Produces(MediaType.APPLICATION_JSON)
    @WithTransaction
    @Operation(summary = "The REMS Patient Monitoring Form filled from the ended session (Accept: application/pdf for the PDF)")
    public Uni<RemsForm> form(@PathParam("id") String id) {
        return filled(id);
    }

    @GET
    @Path("rems-form")
    @RolesAllowed("clinician")
    @Produces("application/pdf")
    @WithTransaction
    @Operation(summary = "The REMS Patient Monitoring Form as a printable PDF")
    public Uni<Response> pdf(@PathParam("id") String id) {
        return filled(id).map(form -> Response.ok(RemsPdf.of(form), PDF)
                .header("Content-Disposition", "inline; filename=\"rems-form-" + id + ".pdf\"").build());
    }

    /** Fills the form and, the first time, records it as exported. */
    private Uni<RemsForm> filled(String id) {
        return DosingSession.<DosingSession>findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("session", id))
                .chain(session -> {
                    requireEsketamine(session);
                    if (session.endedAt == null) {
                        throw ProblemException.conflict("Session '" + id + "' has not ended: the REMS form is filled once "
                                + "monitoring is over");
                    }
                    if (session.remsExportedAt == null) {
                        session.remsExportedAt = clock.instant();
                    }
                    return Observation.ofSession(id)
                            .chain(observations -> alerts.list(null, id, null, false, 1000)
                                    .chain(raised -> history.bloodPressures(id)
                                            .chain(readings -> protocol.checks(session).map(checks -> {
                                                RuleProfile profile = profiles.recorded(session.id, session.ruleOverrides);
                                                return RemsFormFiller.fill(session, observations, raised, readings,
                                                        fortyMinuteCheck(session, checks), profile.workflow().predoseSbp(),
                                                        profile.workflow().predoseDbp(), zone);
                                            }))));
                });
    }

    /** The form is the esketamine (SPRAVATO) REMS program's: a ketamine session has none. */
    private static void requireEsketamine(DosingSession session) {
        if (session.drug != Drug.ESKETAMINE) {
            throw ProblemException.conflict("Session '" + session.id + "' is a " + session.drug.name().toLowerCase()
                    + " session: the REMS Patient Monitoring Form applies to esketamine only");
        }
    }

    /** The protocol's blood pressure at about 40 minutes, if the session's protocol has one. */
    private static Optional<ProtocolCheck> fortyMinuteCheck(DosingSession session, List<ProtocolCheck> checks) {
        if (session.doseAt == null) {
            return Optional.empty();
        }
        Instant forty = session.doseAt.plus(Duration.ofMinutes(40));
        return checks.stream().filter(c -> c.kind() == CheckKind.NIBP && forty.equals(c.dueAt())).findFirst();
    }

    /** A form's inputs the service cannot know. */
    public record Inputs(String sessionId, String lotNumber, String concomitantMedications) {
    }

    @PUT
    @Path("rems-inputs")
    @RolesAllowed("clinician")
    @Produces(MediaType.APPLICATION_JSON)
    @WithTransaction
    @Operation(summary = "Enter what the REMS form asks that the service cannot know: lot number, concomitant medications")
    public Uni<Inputs> inputs(@PathParam("id") String id, @NotNull @Valid RemsInputs body) {
        return DosingSession.<DosingSession>findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("session", id))
                .map(session -> {
                    requireEsketamine(session);
                    if (body.lotNumber() != null) {
                        session.lotNumber = body.lotNumber().isBlank() ? null : body.lotNumber().strip();
                    }
                    if (body.concomitantMedications() != null) {
                        session.concomitantMedications = body.concomitantMedications().isBlank() ? null
                                : body.concomitantMedications().strip();
                    }
                    return new Inputs(id, session.lotNumber, session.concomitantMedications);
                });
    }
}
