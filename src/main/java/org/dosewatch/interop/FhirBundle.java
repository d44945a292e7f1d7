package org.dosewatch.interop;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import org.dosewatch.alert.Alert;
import org.dosewatch.alert.AlertEvent;
import org.dosewatch.alert.AlertEventType;
import org.dosewatch.history.VitalsHistory;
import org.dosewatch.monitor.Drug;
import org.dosewatch.monitor.Priority;
import org.dosewatch.monitor.Route;
import org.dosewatch.session.DosingSession;
import org.dosewatch.session.Observation;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
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

    /** The people and machines of one export, each a resource added the first time it is named. */
    private static final class Actors {
        private final Bundle bundle;
        private final String sessionId;
        private final java.util.Map<String, Reference> people = new java.util.HashMap<>();
        private final java.util.Map<String, Reference> devices = new java.util.LinkedHashMap<>();
        private Reference engine;

        Actors(Bundle bundle, String sessionId) {
            this.bundle = bundle;
            this.sessionId = sessionId;
        }

        /** The clinician or nurse with this login; null for nobody. */
        Reference person(String login) {
            if (login == null) {
                return null;
            }
            return people.computeIfAbsent(login, l -> {
                Practitioner practitioner = new Practitioner();
                practitioner.addIdentifier().setSystem(USER_IDS).setValue(l);
                practitioner.addName().setText(l);
                return add(bundle, practitioner, sessionId, "practitioner/" + l).setDisplay(l);
            });
        }

        /** The bedside monitor with this device id; null for none. */
        Reference monitor(String deviceId) {
            if (deviceId == null) {
                return null;
            }
            return devices.computeIfAbsent(deviceId, d -> {
                Device device = new Device();
                device.addIdentifier().setSystem(DEVICE_IDS).setValue(d);
                device.addDeviceName().setName("Bedside monitor " + d).setType(Device.DeviceNameType.USERFRIENDLYNAME);
                return add(bundle, device, sessionId, "device/" + d).setDisplay(d);
            });
        }

        /** DoseWatch itself, which raised the alerts and recorded their events. */
        Reference engine() {
            if (engine == null) {
                Device device = new Device();
                device.addDeviceName().setName("DoseWatch vitals monitoring service").setType(Device.DeviceNameType.USERFRIENDLYNAME);
                engine = add(bundle, device, sessionId, "device/dosewatch").setDisplay("DoseWatch rule engine");
            }
            return engine;
        }
    }

    public Bundle of(SessionExport export) {
        DosingSession s = export.session();
        Bundle bundle = new Bundle();
        bundle.setType(Bundle.BundleType.COLLECTION);
        bundle.setId(uuid(s.id, "bundle").toString());
        bundle.setIdentifier(new Identifier().setSystem(SESSION_IDS).setValue(s.id));
        bundle.setTimestamp(date(export.exportedAt()));

        Patient patient = new Patient();
        if (s.patientRef != null) {
            patient.addIdentifier().setSystem(patientSystem).setValue(s.patientRef);
        }
        Reference subject = add(bundle, patient, s.id, "patient");

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
        Reference visit = add(bundle, encounter, s.id, "encounter");
        Actors actors = new Actors(bundle, s.id);
        export.devices().forEach(actors::monitor);
        // R4 names no Device as an Observation's performer: the monitor is its device, and the
        // clinician responsible for the session (who registered it, else who dosed) its performer.
        Reference responsible = actors.person(s.createdBy != null ? s.createdBy : s.dosedBy);
        Reference onlyMonitor = export.devices().size() == 1 ? actors.monitor(export.devices().get(0)) : null;

        if (s.doseAt != null) {
            add(bundle, dose(s, subject, visit, actors), s.id, "dose");
        }
        for (VitalsHistory.Point point : export.summaries()) {
            org.hl7.fhir.r4.model.Observation summary = summary(point, VitalCode.of(point.vital()), subject, visit);
            measured(summary, onlyMonitor, responsible);
            add(bundle, summary, s.id, "vital/" + point.vital() + "/" + point.bucket());
        }
        for (SessionExport.BloodPressure reading : export.bloodPressure()) {
            org.hl7.fhir.r4.model.Observation pressure = bloodPressure(reading, subject, visit);
            measured(pressure, reading.deviceId() != null ? actors.monitor(reading.deviceId()) : onlyMonitor, responsible);
            add(bundle, pressure, s.id, "nibp/" + reading.deviceId() + "/" + reading.at());
        }
        for (Observation o : export.observations()) {
            Reference nurse = actors.person(o.recordedBy);
            org.hl7.fhir.r4.model.Observation findings = findings(o, subject, visit);
            if (!findings.getComponent().isEmpty() || findings.hasNote()) {
                add(bundle, performed(findings, nurse), s.id, "observation/" + o.id);
            }
            if (o.temperature != null) {
                add(bundle, performed(temperature(o, subject, visit), nurse), s.id, "temperature/" + o.id);
            }
        }
        for (SessionExport.AlertTrail trail : export.alerts()) {
            Reference issue = add(bundle, issue(trail.alert(), subject, actors), s.id, "alert/" + trail.alert().alertId());
            for (AlertEvent event : trail.events()) {
                add(bundle, audit(event, issue, actors), s.id, "alert/" + event.alertId() + "/" + event.version());
            }
        }
        add(bundle, DoseWatchCodes.rules(), s.id, "codes/alert-rule");
        add(bundle, DoseWatchCodes.findings(), s.id, "codes/nurse-observation");
        add(bundle, DoseWatchCodes.alertEvents(), s.id, "codes/alert-event");
        return bundle;
    }

    private static org.hl7.fhir.r4.model.Observation performed(org.hl7.fhir.r4.model.Observation o, Reference by) {
        return by == null ? o : o.addPerformer(by);
    }

    /** A vital measured by a monitor, for the session's responsible clinician. */
    private static void measured(org.hl7.fhir.r4.model.Observation o, Reference monitor, Reference responsible) {
        if (monitor != null) {
            o.setDevice(monitor);
        }
        if (responsible != null) {
            o.addPerformer(responsible);
        }
    }

    private MedicationAdministration dose(DosingSession s, Reference subject, Reference visit, Actors actors) {
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
            dose.addPerformer().setActor(actors.person(s.dosedBy));
        }
        MedicationAdministration.MedicationAdministrationDosageComponent dosage = dose.getDosage();
        if (s.route != null) {
            dosage.setRoute(route(s.route));
        }
        if (s.doseMg != null) {
            dosage.setDose(quantity(s.doseMg, "mg", "mg"));
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

    private static org.hl7.fhir.r4.model.Observation vitalSign(String profile, Reference subject, Reference visit) {
        org.hl7.fhir.r4.model.Observation o = new org.hl7.fhir.r4.model.Observation();
        if (profile != null) {
            o.setMeta(new Meta().addProfile(profile));
        }
        o.setStatus(org.hl7.fhir.r4.model.Observation.ObservationStatus.FINAL);
        o.addCategory(new CodeableConcept(new Coding(OBSERVATION_CATEGORY, "vital-signs", "Vital Signs")));
        o.setSubject(subject);
        o.setEncounter(visit);
        return o;
    }

    private static org.hl7.fhir.r4.model.Observation summary(VitalsHistory.Point point, VitalCode code, Reference subject,
                                                           Reference visit) {
        org.hl7.fhir.r4.model.Observation o = vitalSign(code.profile, subject, visit);
        CodeableConcept concept = new CodeableConcept();
        if (code == VitalCode.SPO2) {
            // The R4 oxygen-saturation profile fixes LOINC 2708-6; 59408-5 says it was by pulse oximetry.
            concept.addCoding(new Coding(VitalCode.LOINC, "2708-6", "Oxygen saturation in Arterial blood"));
        }
        concept.addCoding(new Coding(VitalCode.LOINC, code.loinc, code.display));
        concept.addCoding(new Coding(VitalCode.MDC, code.mdc, code.mdcName));
        concept.setText(code.display);
        o.setCode(concept);
        // The summary's start: a Period trips the R4 vital-signs invariant vs-1 in validators.
        o.setEffective(new DateTimeType(date(point.bucket())));
        o.setValue(quantity(point.mean(), code.unitText, code.ucum));
        o.addNote().setText("Mean of " + point.samples() + " monitor frames in the 15 s from this time; min "
                + number(point.min()) + ", max " + number(point.max()));
        return o;
    }

    private static org.hl7.fhir.r4.model.Observation bloodPressure(SessionExport.BloodPressure reading, Reference subject,
                                                                 Reference visit) {
        org.hl7.fhir.r4.model.Observation o = vitalSign("http://hl7.org/fhir/StructureDefinition/bp", subject, visit);
        o.setCode(new CodeableConcept(new Coding(VitalCode.LOINC, "85354-9", "Blood pressure panel with all children optional"))
                .setText("Non-invasive blood pressure"));
        o.setEffective(new DateTimeType(date(reading.at())));
        o.addComponent(component(VitalCode.SBP, reading.sbp()));
        o.addComponent(component(VitalCode.DBP, reading.dbp()));
        if (!Double.isNaN(reading.map())) {
            o.addComponent(component(VitalCode.MAP, reading.map()));
        }
        return o;
    }

    private static org.hl7.fhir.r4.model.Observation.ObservationComponentComponent component(VitalCode code, double value) {
        return new org.hl7.fhir.r4.model.Observation.ObservationComponentComponent(new CodeableConcept()
                .addCoding(new Coding(VitalCode.LOINC, code.loinc, code.display))
                .addCoding(new Coding(VitalCode.MDC, code.mdc, code.mdcName)))
                .setValue(quantity(value, code.unitText, code.ucum));
    }

    private static org.hl7.fhir.r4.model.Observation findings(Observation n, Reference subject, Reference visit) {
        org.hl7.fhir.r4.model.Observation o = new org.hl7.fhir.r4.model.Observation();
        o.setStatus(org.hl7.fhir.r4.model.Observation.ObservationStatus.FINAL);
        o.addCategory(new CodeableConcept(new Coding(OBSERVATION_CATEGORY, "exam", "Exam")));
        o.setCode(new CodeableConcept(new Coding(FINDINGS, "recovery-observation", DoseWatchCodes.finding("recovery-observation"))));
        o.setSubject(subject);
        o.setEncounter(visit);
        o.setEffective(new DateTimeType(date(n.at)));
        o.setIssued(date(n.recordedAt));
        finding(o, "moaas", n.moaas);
        finding(o, "rass", n.rass);
        finding(o, "cadss", n.cadss);
        finding(o, "aldrete", n.aldrete);
        if (n.consciousness != null) {
            o.addComponent().setCode(new CodeableConcept(new Coding(FINDINGS, "acvpu", DoseWatchCodes.finding("acvpu"))))
                    .setValue(new StringType(n.consciousness.name()));
        }
        flag(o, "supplemental-o2", n.supplementalO2);
        flag(o, "sedation", n.sedation);
        flag(o, "dissociation", n.dissociation);
        flag(o, "respiratory-depression", n.respiratoryDepression);
        if (n.note != null) {
            o.addNote().setText(n.note);
        }
        return o;
    }

    private static void finding(org.hl7.fhir.r4.model.Observation o, String code, Integer value) {
        if (value != null) {
            o.addComponent().setCode(new CodeableConcept(new Coding(FINDINGS, code, DoseWatchCodes.finding(code))))
                    .setValue(new IntegerType(value));
        }
    }

    private static void flag(org.hl7.fhir.r4.model.Observation o, String code, Boolean value) {
        if (value != null) {
            o.addComponent().setCode(new CodeableConcept(new Coding(FINDINGS, code, DoseWatchCodes.finding(code))))
                    .setValue(new BooleanType(value));
        }
    }

    private static org.hl7.fhir.r4.model.Observation temperature(Observation n, Reference subject, Reference visit) {
        org.hl7.fhir.r4.model.Observation o = vitalSign("http://hl7.org/fhir/StructureDefinition/bodytemp", subject, visit);
        o.setCode(new CodeableConcept(new Coding(VitalCode.LOINC, "8310-5", "Body temperature")));
        o.setEffective(new DateTimeType(date(n.at)));
        o.setValue(quantity(n.temperature, "C", "Cel"));
        return o;
    }

    private static DetectedIssue issue(Alert alert, Reference subject, Actors actors) {
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
                    .setAuthor(actors.person(alert.acknowledgedBy()));
        }
        return issue;
    }

    /**
     * One event of an alert's audit trail. Type and subtype come from their base value sets (an
     * application's activity; the alert created or updated); what happened in DoseWatch's terms
     * (RAISED, ACKNOWLEDGED...) is the entity's {@code event} detail, a code of the Bundle's
     * alert-event CodeSystem.
     */
    private static AuditEvent audit(AlertEvent event, Reference issue, Actors actors) {
        AuditEvent audit = new AuditEvent();
        boolean raised = event.event() == AlertEventType.RAISED;
        audit.setType(new Coding(DICOM, "110100", "Application Activity"));
        audit.addSubtype(raised ? new Coding(INTERACTIONS, "create", "create") : new Coding(INTERACTIONS, "update", "update"));
        audit.setAction(raised ? AuditEvent.AuditEventAction.C : AuditEvent.AuditEventAction.U);
        audit.setRecorded(date(event.at()));
        audit.setOutcome(AuditEvent.AuditEventOutcome._0);
        audit.addAgent().setRequestor(event.by() != null)
                .setWho(event.by() != null ? actors.person(event.by()) : actors.engine());
        audit.getSource().setObserver(actors.engine());
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

    private static Reference add(Bundle bundle, Resource resource, String sessionId, String item) {
        UUID id = uuid(sessionId, item);
        resource.setId(id.toString());
        if (resource instanceof DomainResource domain && !domain.hasText()) {
            domain.setText(FhirNarrative.of(domain));
        }
        String fullUrl = "urn:uuid:" + id;
        bundle.addEntry().setFullUrl(fullUrl).setResource(resource);
        return new Reference(fullUrl);
    }

    static UUID uuid(String sessionId, String item) {
        return UUID.nameUUIDFromBytes((sessionId + "/" + item).getBytes(StandardCharsets.UTF_8));
    }

    private static Quantity quantity(double value, String unit, String ucum) {
        return new Quantity().setValue(VitalCode.shown(value)).setUnit(unit).setSystem(VitalCode.UCUM).setCode(ucum);
    }


    private static String number(double value) {
        return VitalCode.shown(value).toPlainString();
    }

    private static String drugName(Drug drug) {
        return drug == Drug.ESKETAMINE ? "esketamine" : "ketamine";
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }
}
