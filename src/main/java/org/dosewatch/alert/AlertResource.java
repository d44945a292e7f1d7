package org.dosewatch.alert;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.dosewatch.monitor.Priority;
import org.dosewatch.web.Units;
import org.dosewatch.web.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** Alerts for nurses and clinicians (docs/contract.md section 3); only clinicians acknowledge. */
@Path("/api/alerts")
@Tag(name = "Alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

    static final int MAX_LIST = 1000;

    private final AlertService alerts;
    private final AlertQueries store;
    private final SecurityIdentity identity;
    private final ObjectMapper mapper;
    private final Validator validator;

    public AlertResource(AlertService alerts, AlertQueries store, SecurityIdentity identity, ObjectMapper mapper,
                         Validator validator) {
        this.alerts = alerts;
        this.store = store;
        this.identity = identity;
        this.mapper = mapper;
        this.validator = validator;
    }

    /**
     * Body of an acknowledgement: an optional note for the audit trail and an optional reason
     * (was the alert actionable?) for the alarm-burden report.
     */
    public record Acknowledgement(@Size(max = 2000) String note, AckReason reason) {

        static final Acknowledgement NONE = new Acknowledgement(null, null);

        String givenNote() {
            return note == null || note.isBlank() ? null : note.strip();
        }
    }

    /**
     * One page of alerts; a page never ends the list silently: when more alerts match, the
     * answer's {@code X-Next-Cursor} header (and a {@code Link} with {@code rel="next"}) gives the
     * cursor of the next page.
     */
    @GET
    @RolesAllowed({"nurse", "clinician"})
    @Operation(summary = "List alerts, newest first; state=open: ACTIVE HIGH first. Paged: X-Next-Cursor names the next page")
    public Uni<RestResponse<List<Alert>>> list(
            @Parameter(description = "ACTIVE, ACKNOWLEDGED, RESOLVED, or open (not resolved)") @QueryParam("state") String state,
            @QueryParam("sessionId") String sessionId,
            @Parameter(description = "HIGH, MEDIUM or LOW") @QueryParam("priority") String priority,
            @Parameter(description = "alerts per page, 1 to " + MAX_LIST + " (default " + MAX_LIST + ")") @QueryParam("limit") String limit,
            @Parameter(description = "the X-Next-Cursor of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "only the alerts of this unit's sessions (clinic, site or ward)") @QueryParam("unit") String unit,
            @Context UriInfo uri) {
        boolean open = "open".equalsIgnoreCase(state);
        int size = pageSize(limit);
        long offset = offset(cursor);
        return store.list(open ? null : parse(AlertState.class, "state", state), sessionId,
                        parse(Priority.class, "priority", priority), Units.parameter(unit), open, open, offset, size + 1)
                .map(found -> {
                    if (found.size() <= size) {
                        return RestResponse.ok(found);
                    }
                    String next = Base64.getUrlEncoder().withoutPadding()
                            .encodeToString(Long.toString(offset + size).getBytes(StandardCharsets.UTF_8));
                    return RestResponse.ResponseBuilder.ok(found.subList(0, size))
                            .header("X-Next-Cursor", next)
                            .header("Link", "<" + uri.getRequestUriBuilder().replaceQueryParam("cursor", next).build() + ">; rel=\"next\"")
                            .build();
                });
    }

    private static int pageSize(String limit) {
        if (limit == null) {
            return MAX_LIST;
        }
        try {
            int size = Integer.parseInt(limit);
            if (size >= 1 && size <= MAX_LIST) {
                return size;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest("limit", "must be a whole number from 1 to " + MAX_LIST);
    }

    private static long offset(String cursor) {
        if (cursor == null) {
            return 0;
        }
        try {
            long offset = Long.parseLong(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
            if (offset >= 0) {
                return offset;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw ProblemException.badRequest("cursor", "is not a cursor this service gave (X-Next-Cursor)");
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"nurse", "clinician"})
    @Operation(summary = "One alert")
    @APIResponse(responseCode = "404", description = "No such alert")
    public Uni<Alert> get(@PathParam("id") String id) {
        return store.find(id).map(found -> found.orElseThrow(() -> ProblemException.notFound("alert", id)));
    }

    @GET
    @Path("{id}/events")
    @RolesAllowed({"nurse", "clinician"})
    @Operation(summary = "The alert's audit trail, in order: every event with who, when and why")
    @APIResponse(responseCode = "404", description = "No such alert")
    public Uni<List<AlertEvent>> events(@PathParam("id") String id) {
        return store.events(id).map(events -> {
            if (events.isEmpty()) {
                throw ProblemException.notFound("alert", id);
            }
            return events;
        });
    }

    @POST
    @Path("{id}/ack")
    @RolesAllowed("clinician")
    @Operation(summary = "Acknowledge an ACTIVE alert as the logged-in clinician, with an optional note and reason "
            + "(ACTIONABLE, NOT_ACTIONABLE, TECHNICAL)")
    @APIResponse(responseCode = "200", description = "The alert after acknowledgement (RESOLVED if its condition had gone)")
    @APIResponse(responseCode = "404", description = "No such alert")
    @APIResponse(responseCode = "409", description = "The alert is not ACTIVE (already acknowledged or resolved)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Acknowledgement.class)))
    public Uni<Alert> acknowledge(@PathParam("id") String id, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                  String body) throws JsonProcessingException {
        Acknowledgement given = acknowledgement(contentType, body);
        return alerts.acknowledge(id, identity.getPrincipal().getName(), given.givenNote(), given.reason());
    }

    /**
     * The note and reason of an acknowledgement sent as JSON, or none when it has no body. A body of any other
     * type is refused: a cross-site form (text/plain, no preflight) cannot acknowledge on a
     * clinician's behalf.
     */
    private Acknowledgement acknowledgement(String contentType, String body) throws JsonProcessingException {
        if (body == null || body.isBlank()) {
            return Acknowledgement.NONE;
        }
        if (contentType == null || !MediaType.APPLICATION_JSON_TYPE.isCompatible(MediaType.valueOf(contentType))) {
            throw new ProblemException(415, "Unsupported Media Type",
                    "an acknowledgement is sent as JSON ({\"note\": \"...\"}) or without a body");
        }
        Acknowledgement acknowledgement = mapper.readValue(body, Acknowledgement.class);
        if (acknowledgement == null) {
            return Acknowledgement.NONE;
        }
        Set<ConstraintViolation<Acknowledgement>> violations = validator.validate(acknowledgement);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return acknowledgement;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(field + ": '" + value + "' is not one of "
                    + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }
}
