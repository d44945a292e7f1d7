package org.dosewatch.interop;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

import org.dosewatch.alert.Alert;
import org.dosewatch.alert.AlertQueries;
import org.dosewatch.history.VitalsHistory;
import org.dosewatch.monitor.Reading;
import org.dosewatch.monitor.Vital;
import org.dosewatch.review.FrameArchive;
import org.dosewatch.session.SessionService;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import ca.uhn.fhir.context.FhirContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** A session's record for the clinic's EHR (docs/contract.md section 8): FHIR R4 and HL7 v2.5.1. */
@Path("/api/sessions/{id}")
@Tag(name = "Interoperability")
public class InteropResource {

    public static final String FHIR_JSON = "application/fhir+json";
    public static final String HL7_V2 = "application/hl7-v2";
    /** The most alerts one export lists. */
    static final int MAX_ALERTS = 10_000;

    private final SessionService sessions;
    private final VitalsHistory history;
    private final FrameArchive archive;
    private final AlertQueries alerts;
    private final Clock clock;
    private final FhirBundle fhir;
    private final Hl7Messages hl7 = new Hl7Messages();

    public InteropResource(SessionService sessions, VitalsHistory history, FrameArchive archive, AlertQueries alerts, Clock clock,
                           @ConfigProperty(name = "dosewatch.interop.patient-identifier-system",
                                   defaultValue = "urn:dosewatch:patient-ref") String patientSystem) {
        this.sessions = sessions;
        this.history = history;
        this.archive = archive;
        this.alerts = alerts;
        this.clock = clock;
        this.fhir = new FhirBundle(patientSystem);
    }

    @GET
    @Path("fhir")
    @Produces(FHIR_JSON)
    @RolesAllowed("clinician")
    @Operation(summary = "The session as a FHIR R4 Bundle (collection): Encounter, MedicationAdministration, vital-signs "
            + "Observations, nurse observations, alerts as DetectedIssue with their audit trail as AuditEvent")
    public Uni<Response> fhir(@PathParam("id") String id) {
        return export(id).map(export -> Response.ok(FhirContext.forR4Cached().newJsonParser().setPrettyPrint(true)
                        .encodeResourceToString(fhir.of(export)), FHIR_JSON)
                .header("Content-Disposition", "inline; filename=\"" + id + ".fhir.json\"").build());
    }

    @GET
    @Path("hl7")
    @Produces(HL7_V2)
    @RolesAllowed("clinician")
    @Operation(summary = "The session's vitals as HL7 v2.5.1 ORU^R01 messages (IHE PCD-01), one per 15-second summary "
            + "and one per NIBP reading")
    public Uni<Response> hl7(@PathParam("id") String id) {
        return export(id).map(export -> Response.ok(hl7.of(export), HL7_V2)
                .header("Content-Disposition", "inline; filename=\"" + id + ".hl7\"").build());
    }

    private Uni<SessionExport> export(String id) {
        Instant now = clock.instant();
        return sessions.record(id).chain(record -> history.of(id, Instant.EPOCH)
                .chain(summaries -> archive.of(id).chain(frames -> bloodPressures(id, frames).chain(pressures -> trails(id)
                        .map(trails -> new SessionExport(record.session(), record.observations(),
                                summaries.stream().filter(p -> Vital.of(p.vital()) != null && Vital.of(p.vital()).spec().continuous())
                                        .toList(),
                                pressures, frames.stream().map(f -> f.reading().deviceId()).distinct().sorted().toList(), trails,
                                now))))))
                .emitOn(Infrastructure.getDefaultWorkerPool());
    }

    /** Each NIBP reading as the archive kept it; for a session older than the archive, the 15-second summaries that hold them. */
    private Uni<List<SessionExport.BloodPressure>> bloodPressures(String id, List<FrameArchive.Archived> frames) {
        if (!frames.isEmpty()) {
            return Uni.createFrom().item(frames.stream().map(FrameArchive.Archived::reading)
                    .filter(Reading::hasBloodPressure)
                    .map(r -> new SessionExport.BloodPressure(r.ts(), r.deviceId(), r.sbp(), r.dbp(), r.map()))
                    .toList());
        }
        return history.bloodPressures(id).map(kept -> kept.stream()
                .map(bp -> new SessionExport.BloodPressure(bp.at(), null, bp.sbp(), bp.dbp(), Double.NaN)).toList());
    }

    private Uni<List<SessionExport.AlertTrail>> trails(String id) {
        return alerts.list(null, id, null, false, MAX_ALERTS).chain(newestFirst -> {
            List<Alert> oldestFirst = new ArrayList<>(newestFirst);
            java.util.Collections.reverse(oldestFirst);
            return Multi.createFrom().iterable(oldestFirst)
                    .onItem().transformToUniAndConcatenate(alert -> alerts.events(alert.alertId())
                            .map(events -> new SessionExport.AlertTrail(alert, events)))
                    .collect().asList();
        });
    }
}
