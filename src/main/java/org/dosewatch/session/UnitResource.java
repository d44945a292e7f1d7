package org.dosewatch.session;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** The units that have open sessions, for a station to choose its own. */
@Path("/api/units")
@Tag(name = "Sessions")
public class UnitResource {

    /** A unit and how many sessions are open in it. */
    public record OpenUnit(String unit, long openSessions) {
    }

    @GET
    @RolesAllowed({"nurse", "clinician"})
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    @Operation(summary = "The units with open sessions, by name, and how many each has")
    public Uni<List<OpenUnit>> units() {
        return Panache.getSession().chain(session -> session.createSelectionQuery("select unit, count(*) from DosingSession "
                        + "where endedAt is null and unit is not null group by unit order by unit", Object[].class)
                .getResultList())
                .map(rows -> rows.stream().map(row -> new OpenUnit((String) row[0], ((Number) row[1]).longValue())).toList());
    }
}
