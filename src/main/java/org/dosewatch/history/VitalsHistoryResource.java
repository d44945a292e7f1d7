package org.dosewatch.history;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.dosewatch.web.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;

/** A session's vitals over time, for its chart: one point per vital and 15 seconds of device time. */
@Path("/api/sessions/{id}/vitals")
@Tag(name = "Sessions")
public class VitalsHistoryResource {

    private final VitalsHistory history;

    public VitalsHistoryResource(VitalsHistory history) {
        this.history = history;
    }

    public record Point(Instant at, String vital, double min, double mean, double max, int samples) {
    }

    @GET
    @RolesAllowed({"nurse", "clinician"})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The session's vitals in 15 s buckets of device time (min, mean, max), oldest first")
    public Uni<List<Point>> vitals(@PathParam("id") String id,
                                   @Parameter(description = "ISO-8601 instant; default: the whole session") @QueryParam("from") String from) {
        return history.of(id, from == null ? Instant.EPOCH : instant(from)).map(points -> points.stream()
                .map(p -> new Point(p.bucket(), p.vital(), p.min(), p.mean(), p.max(), p.samples())).toList());
    }

    private static Instant instant(String from) {
        try {
            return Instant.parse(from);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("from", "must be an ISO-8601 instant such as 2026-11-21T14:03:27Z");
        }
    }
}
