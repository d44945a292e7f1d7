package org.dosewatch.rems;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.dosewatch.monitor.Drug;
import org.dosewatch.session.DosingSession;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** The REMS forms still to export: due within 7 days of the treatment, and often late. */
@Path("/api/rems-forms")
@Tag(name = "REMS form")
public class PendingRemsForms {

    private static final Duration DUE_WITHIN = Duration.ofDays(7);

    private final Clock clock;

    public PendingRemsForms(Clock clock) {
        this.clock = clock;
    }

    /** An ended esketamine session whose form was not exported yet. */
    public record Pending(String sessionId, String patientRef, Instant endedAt, Instant deadline, boolean late) {
    }

    @GET
    @Path("pending")
    @RolesAllowed("clinician")
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    @Operation(summary = "Ended esketamine sessions whose REMS form was not exported yet, with their 7-day deadline, oldest first")
    public Uni<List<Pending>> pending() {
        Instant now = clock.instant();
        return DosingSession.<DosingSession>list("endedAt is not null and remsExportedAt is null and drug = ?1",
                        Sort.ascending("endedAt"), Drug.ESKETAMINE)
                .map(sessions -> sessions.stream().map(s -> new Pending(s.id, s.patientRef, s.endedAt,
                        s.endedAt.plus(DUE_WITHIN), now.isAfter(s.endedAt.plus(DUE_WITHIN)))).toList());
    }
}
