package org.dosewatch.interop;

import java.time.Instant;
import java.util.Date;

import org.dosewatch.alert.Alert;
import org.dosewatch.alert.AlertEvent;
import org.dosewatch.alert.AlertEventType;
import org.dosewatch.history.VitalsHistory;
import org.dosewatch.monitor.Drug;
import org.dosewatch.monitor.Priority;
import org.dosewatch.monitor.Route;
import org.dosewatch.monitor.Vital;
import org.dosewatch.session.DosingSession;
import org.dosewatch.session.Observation;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * A session as a FHIR R4 Bundle of type {@code collection} (docs/contract.md section 8):
 * <ul>
 * <li>the patient (by the clinic's reference) and the session as an Encounter;</li>
 * <li>the dose as a MedicationAdministration (ATC code, SNOMED CT route, dose in mg);</li>
 * <li>the continuous vitals as one Observation per 15-second summary (its mean), NIBP as one
 *     blood-pressure Observation per reading, all of the vital-signs profiles where R4 defines
 *     one (LOINC and UCUM; EtCO2 with its LOINC and its IEEE 11073 MDC code);</li>
 * <li>each nurse observation as an Observation with one component per finding, its
 *     temperature as a body-temperature Observation;</li>
 * <li>each alert as a DetectedIssue (its acknowledgement as the mitigation), and each event of
 *     its audit trail as an AuditEvent naming it.</li>
 * </ul>
 * Ids are UUIDs derived from the session and the item, so the same session exports the same ids.
 */
public final class FhirBundle {

    static final String CODES = DoseWatchCodes.BASE;
    static final String RULES = DoseWatchCodes.RULES;
    static final String FINDINGS = DoseWatchCodes.FINDINGS;
    static final String ALERT_EVENTS = DoseWatchCodes.ALERT_EVENTS;
    static final String DEVICE_IDS = "urn:dosewatch:device";
    static final String USER_IDS = "urn:dosewatch:user";
    /** DICOM's codes for audit events, the base value set of AuditEvent.type. */
    static final String DICOM = "http://dicom.nema.org/resources/ontology/DCM";
    static final String INTERACTIONS = "http://hl7.org/fhir/restful-interaction";
    static final String SESSION_IDS = "urn:dosewatch:session";
    static final String ALERT_IDS = "urn:dosewatch:alert";
    static final String ATC = "http://www.whocc.no/atc";
    static final String SNOMED = "http://snomed.info/sct";
    static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";

    private final String patientSystem;

    /** @param patientSystem the identifier system of the clinic's patient references (an MRN's namespace) */
    public FhirBundle(String patientSystem) {
        this.patientSystem = patientSystem;
    }

    public Bundle of(SessionExport export) {
        DosingSession s = export.session();
        Bundle bundle = new Bundle();
        bundle.setType(Bundle.BundleType.COLLECTION);
        bundle.setId(FhirEntries.uuid(s.id, "bundle").toString());
        bundle.setIdentifier(new Identifier().setSystem(SESSION_IDS).setValue(s.id));
        bundle.setTimestamp(date(export.exportedAt()));

        Patient patient = new Patient();
        if (s.patientRef != null) {
            patient.addIdentifier().setSystem(patientSystem).setValue(s.patientRef);
        }
        FhirEntries entries = new FhirEntries(bundle, s.id);
        Reference subject = entries.add(patient, "patient");

        Encounter encounter = new Encounter();
        encounter.addIdentifier().setSystem(SESSION_IDS).setValue(s.id);
        encounter.setStatus(s.endedAt != null ? Encounter.EncounterStatus.FINISHED : Encounter.EncounterStatus.INPROGRESS);
        encounter.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"));
        encounter.addType().setText("Supervised " + drugName(s.drug) + " dosing session");
        encounter.setSubject(subject);
        encounter.setPeriod(new Period().setStart(date(s.createdAt)).setEnd(date(s.endedAt)));
        if (s.room != null) {
            encounter.addLocation().setLocation(new Reference().setDisplay("Room " + s.room + (s.unit == null ? "" : ", " + s.unit)));
        }
        Reference visit = entries.add(encounter, "encounter");
        export.devices().forEach(entries::monitor);
        // R4 names no Device as an Observation's performer: the monitor is its device, and the
        // clinician responsible for the session (who registered it, else who dosed) its performer.
        Reference responsible = entries.person(s.createdBy != null ? s.createdBy : s.dosedBy);
        Reference onlyMonitor = export.devices().size() == 1 ? entries.monitor(export.devices().get(0)) : null;

        if (s.doseAt != null) {
            entries.add(dose(s, subject, visit, entries), "dose");
        }
        for (VitalsHistory.Point point : export.summaries()) {
            org.hl7.fhir.r4.model.Observation summary = FhirObservations.summary(point, Vital.of(point.vital()).spec(), subject, visit);
            FhirObservations.measured(summary, onlyMonitor, responsible);
            entries.add(summary, "vital/" + point.vital() + "/" + point.bucket());
        }
        for (SessionExport.BloodPressure reading : export.bloodPressure()) {
            org.hl7.fhir.r4.model.Observation pressure = FhirObservations.bloodPressure(reading, subject, visit);
            FhirObservations.measured(pressure, reading.deviceId() != null ? entries.monitor(reading.deviceId()) : onlyMonitor, responsible);
            entries.add(pressure, "nibp/" + reading.deviceId() + "/" + reading.at());
        }
        for (Observation o : export.observations()) {
            Reference nurse = entries.person(o.recordedBy);
            org.hl7.fhir.r4.model.Observation findings = FhirObservations.findings(o, subject, visit);
            if (!findings.getComponent().isEmpty() || findings.hasNote()) {
                entries.add(FhirObservations.performed(findings, nurse), "observation/" + o.id);
            }
            if (o.temperature != null) {
                entries.add(FhirObservations.performed(FhirObservations.temperature(o, subject, visit), nurse), "temperature/" + o.id);
            }
        }
        for (SessionExport.AlertTrail trail : export.alerts()) {
            Reference issue = entries.add(issue(trail.alert(), subject, entries), "alert/" + trail.alert().alertId());
            for (AlertEvent event : trail.events()) {
                entries.add(audit(event, issue, entries), "alert/" + event.alertId() + "/" + event.version());
            }
        }
        entries.add(DoseWatchCodes.rules(), "codes/alert-rule");
        entries.add(DoseWatchCodes.findings(), "codes/nurse-observation");
        entries.add(DoseWatchCodes.alertEvents(), "codes/alert-event");
        return bundle;
    }

    private MedicationAdministration dose(DosingSession s, Reference subject, Reference visit, FhirEntries entries) {
        MedicationAdministration dose = new MedicationAdministration();
        dose.setStatus(MedicationAdministration.MedicationAdministrationStatus.COMPLETED);
        CodeableConcept medication = new CodeableConcept().setText(drugName(s.drug));
        if (s.drug != null) {
            medication.addCoding(new Coding(ATC, s.drug == Drug.ESKETAMINE ? "N06AX27" : "N01AX03",
                    s.drug == Drug.ESKETAMINE ? "esketamine" : "ketamine"));
        }
        dose.setMedication(medication);
        dose.setSubject(subject);
        dose.setContext(visit);
        dose.setEffective(new DateTimeType(date(s.doseAt)));
        if (s.dosedBy != null) {
            dose.addPerformer().setActor(entries.person(s.dosedBy));
        }
        MedicationAdministration.MedicationAdministrationDosageComponent dosage = dose.getDosage();
        if (s.route != null) {
            dosage.setRoute(route(s.route));
        }
        if (s.doseMg != null) {
            dosage.setDose(FhirObservations.quantity(FhirObservations.oneDecimal(s.doseMg), "mg", "mg"));
        }
        return dose;
    }

    private static CodeableConcept route(Route route) {
        return switch (route) {
            case IV -> new CodeableConcept(new Coding(SNOMED, "47625008", "Intravenous route"));
            case IM -> new CodeableConcept(new Coding(SNOMED, "78421000", "Intramuscular route"));
            case INTRANASAL -> new CodeableConcept(new Coding(SNOMED, "46713006", "Nasal route"));
            case SUBLINGUAL -> new CodeableConcept(new Coding(SNOMED, "37839007", "Sublingual route"));
            case ORAL -> new CodeableConcept(new Coding(SNOMED, "26643006", "Oral route"));
        };
    }

    private static DetectedIssue issue(Alert alert, Reference subject, FhirEntries entries) {
        DetectedIssue issue = new DetectedIssue();
        issue.addIdentifier().setSystem(ALERT_IDS).setValue(alert.alertId());
        issue.setStatus(DetectedIssue.DetectedIssueStatus.FINAL);
        issue.setCode(new CodeableConcept(new Coding(RULES, alert.rule().name(), alert.rule().name()))
                .setText(alert.kind().name().toLowerCase() + " alert " + alert.rule().name()));
        issue.setSeverity(alert.priority() == Priority.HIGH ? DetectedIssue.DetectedIssueSeverity.HIGH
                : alert.priority() == Priority.MEDIUM ? DetectedIssue.DetectedIssueSeverity.MODERATE
                : DetectedIssue.DetectedIssueSeverity.LOW);
        issue.setPatient(subject);
        issue.setIdentified(new DateTimeType(date(alert.onsetTs())));
        issue.setDetail(alert.message());
        if (alert.acknowledgedAt() != null) {
            issue.addMitigation()
                    .setAction(new CodeableConcept().setText("Acknowledged"
                            + (alert.ackReason() == null ? "" : " (" + alert.ackReason().name() + ")")
                            + (alert.ackNote() == null ? "" : ": " + alert.ackNote())))
                    .setDate(date(alert.acknowledgedAt()))
                    .setAuthor(entries.person(alert.acknowledgedBy()));
        }
        return issue;
    }

    /**
     * One event of an alert's audit trail. Type and subtype come from their base value sets (an
     * application's activity; the alert created or updated); what happened in DoseWatch's terms
     * (RAISED, ACKNOWLEDGED...) is the entity's {@code event} detail, a code of the Bundle's
     * alert-event CodeSystem.
     */
    private static AuditEvent audit(AlertEvent event, Reference issue, FhirEntries entries) {
        AuditEvent audit = new AuditEvent();
        boolean raised = event.event() == AlertEventType.RAISED;
        audit.setType(new Coding(DICOM, "110100", "Application Activity"));
        audit.addSubtype(raised ? new Coding(INTERACTIONS, "create", "create") : new Coding(INTERACTIONS, "update", "update"));
        audit.setAction(raised ? AuditEvent.AuditEventAction.C : AuditEvent.AuditEventAction.U);
        audit.setRecorded(date(event.at()));
        audit.setOutcome(AuditEvent.AuditEventOutcome._0);
        audit.addAgent().setRequestor(event.by() != null)
                .setWho(event.by() != null ? entries.person(event.by()) : entries.engine());
        audit.getSource().setObserver(entries.engine());
        AuditEvent.AuditEventEntityComponent entity = audit.addEntity().setWhat(issue)
                .setDescription(event.event() + ": " + event.state() + ", " + event.priority() + ", version " + event.version()
                        + (event.message() == null ? "" : ": " + event.message()));
        entity.addDetail().setType("event").setValue(new StringType(event.event().name()));
        if (event.note() != null) {
            entity.addDetail().setType("note").setValue(new StringType(event.note()));
        }
        if (event.reason() != null) {
            entity.addDetail().setType("reason").setValue(new StringType(event.reason().name()));
        }
        return audit;
    }

    private static String drugName(Drug drug) {
        return drug == Drug.ESKETAMINE ? "esketamine" : "ketamine";
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }
}
