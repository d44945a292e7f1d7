package org.dosewatch.interop;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Date;

import org.dosewatch.history.VitalsHistory;
import org.dosewatch.monitor.Vital;
import org.dosewatch.monitor.VitalSpec;
import org.dosewatch.session.Observation;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * The Observations of an export: the vitals as the R4 vital-signs profiles want them (LOINC
 * first, the MDC code beside it, UCUM units) and a nurse's observation with its findings.
 */
final class FhirObservations {

    private static final String FINDINGS = FhirBundle.FINDINGS;
    private static final String OBSERVATION_CATEGORY = FhirBundle.OBSERVATION_CATEGORY;

    private FhirObservations() {
    }

    static org.hl7.fhir.r4.model.Observation performed(org.hl7.fhir.r4.model.Observation o, Reference by) {
        return by == null ? o : o.addPerformer(by);
    }

    /** A vital measured by a monitor, for the session's responsible clinician. */
    static void measured(org.hl7.fhir.r4.model.Observation o, Reference monitor, Reference responsible) {
        if (monitor != null) {
            o.setDevice(monitor);
        }
        if (responsible != null) {
            o.addPerformer(responsible);
        }
    }

    static org.hl7.fhir.r4.model.Observation vitalSign(String profile, Reference subject, Reference visit) {
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

    static org.hl7.fhir.r4.model.Observation summary(VitalsHistory.Point point, VitalSpec code, Reference subject,
                                                           Reference visit) {
        org.hl7.fhir.r4.model.Observation o = vitalSign(code.fhirProfile(), subject, visit);
        CodeableConcept concept = new CodeableConcept();
        if (code == Vital.SPO2.spec()) {
            // The R4 oxygen-saturation profile fixes LOINC 2708-6; 59408-5 says it was by pulse oximetry.
            concept.addCoding(new Coding(VitalSpec.LOINC, "2708-6", "Oxygen saturation in Arterial blood"));
        }
        concept.addCoding(new Coding(VitalSpec.LOINC, code.loinc(), code.loincDisplay()));
        concept.addCoding(new Coding(VitalSpec.MDC, code.mdc(), code.mdcName()));
        concept.setText(code.loincDisplay());
        o.setCode(concept);
        // The summary's start: a Period trips the R4 vital-signs invariant vs-1 in validators.
        o.setEffective(new DateTimeType(date(point.bucket())));
        o.setValue(quantity(code.shown(point.mean()), code.unitText(), code.ucum()));
        o.addNote().setText("Mean of " + point.samples() + " monitor frames in the 15 s from this time; min "
                + number(point.min()) + ", max " + number(point.max()));
        return o;
    }

    static org.hl7.fhir.r4.model.Observation bloodPressure(SessionExport.BloodPressure reading, Reference subject,
                                                                 Reference visit) {
        org.hl7.fhir.r4.model.Observation o = vitalSign("http://hl7.org/fhir/StructureDefinition/bp", subject, visit);
        o.setCode(new CodeableConcept(new Coding(VitalSpec.LOINC, "85354-9", "Blood pressure panel with all children optional"))
                .setText("Non-invasive blood pressure"));
        o.setEffective(new DateTimeType(date(reading.at())));
        o.addComponent(component(Vital.SBP.spec(), reading.sbp()));
        o.addComponent(component(Vital.DBP.spec(), reading.dbp()));
        if (!Double.isNaN(reading.map())) {
            o.addComponent(component(Vital.MAP.spec(), reading.map()));
        }
        return o;
    }

    static org.hl7.fhir.r4.model.Observation.ObservationComponentComponent component(VitalSpec code, double value) {
        return new org.hl7.fhir.r4.model.Observation.ObservationComponentComponent(new CodeableConcept()
                .addCoding(new Coding(VitalSpec.LOINC, code.loinc(), code.loincDisplay()))
                .addCoding(new Coding(VitalSpec.MDC, code.mdc(), code.mdcName())))
                .setValue(quantity(code.shown(value), code.unitText(), code.ucum()));
    }

    static org.hl7.fhir.r4.model.Observation findings(Observation n, Reference subject, Reference visit) {
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

    static void finding(org.hl7.fhir.r4.model.Observation o, String code, Integer value) {
        if (value != null) {
            o.addComponent().setCode(new CodeableConcept(new Coding(FINDINGS, code, DoseWatchCodes.finding(code))))
                    .setValue(new IntegerType(value));
        }
    }

    static void flag(org.hl7.fhir.r4.model.Observation o, String code, Boolean value) {
        if (value != null) {
            o.addComponent().setCode(new CodeableConcept(new Coding(FINDINGS, code, DoseWatchCodes.finding(code))))
                    .setValue(new BooleanType(value));
        }
    }

    static org.hl7.fhir.r4.model.Observation temperature(Observation n, Reference subject, Reference visit) {
        org.hl7.fhir.r4.model.Observation o = vitalSign("http://hl7.org/fhir/StructureDefinition/bodytemp", subject, visit);
        o.setCode(new CodeableConcept(new Coding(VitalSpec.LOINC, "8310-5", "Body temperature")));
        o.setEffective(new DateTimeType(date(n.at)));
        o.setValue(quantity(oneDecimal(n.temperature), "C", "Cel"));
        return o;
    }

    static Quantity quantity(BigDecimal value, String unit, String ucum) {
        return new Quantity().setValue(value).setUnit(unit).setSystem(VitalSpec.UCUM).setCode(ucum);
    }

    /** A recorded number that is not a vital (a temperature, a dose) with at most one decimal, as the record shows it. */
    static BigDecimal oneDecimal(double value) {
        return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }

    static String number(double value) {
        return oneDecimal(value).toPlainString();
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }
}
