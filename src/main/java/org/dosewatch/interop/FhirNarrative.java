package org.dosewatch.interop;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Type;

/**
 * The human-readable text of each resource of an export (FHIR's narrative, status
 * {@code generated}): one sentence saying what the resource holds, made from the resource
 * itself, so a viewer that knows no profile still shows the record.
 */
final class FhirNarrative {

    private FhirNarrative() {
    }

    static Narrative of(DomainResource resource) {
        Narrative narrative = new Narrative().setStatus(Narrative.NarrativeStatus.GENERATED);
        narrative.setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>" + escape(sentence(resource)) + "</p></div>");
        return narrative;
    }

    private static String sentence(DomainResource resource) {
        if (resource instanceof Patient patient) {
            return patient.hasIdentifier() ? "Patient " + patient.getIdentifierFirstRep().getValue() : "Patient of the session";
        }
        if (resource instanceof Encounter encounter) {
            return encounter.getTypeFirstRep().getText() + ", from " + time(encounter.getPeriod().getStart())
                    + (encounter.getPeriod().hasEnd() ? " to " + time(encounter.getPeriod().getEnd()) : ", in progress");
        }
        if (resource instanceof MedicationAdministration dose) {
            MedicationAdministration.MedicationAdministrationDosageComponent dosage = dose.getDosage();
            return "Dose of " + dose.getMedicationCodeableConcept().getText()
                    + (dosage.hasDose() ? " " + quantity(dosage.getDose()) : "")
                    + (dosage.hasRoute() ? ", " + dosage.getRoute().getCodingFirstRep().getDisplay().toLowerCase() : "")
                    + ", at " + time(dose.getEffectiveDateTimeType().getValue());
        }
        if (resource instanceof Observation observation) {
            return observation(observation);
        }
        if (resource instanceof DetectedIssue issue) {
            return "Alert " + issue.getCode().getCodingFirstRep().getCode() + " (" + issue.getSeverity().toCode() + "), from "
                    + time(issue.getIdentifiedDateTimeType().getValue()) + ": " + issue.getDetail();
        }
        if (resource instanceof AuditEvent audit) {
            return "Alert event at " + time(audit.getRecorded()) + " by " + audit.getAgentFirstRep().getWho().getDisplay() + ": "
                    + audit.getEntityFirstRep().getDescription();
        }
        if (resource instanceof Device device) {
            return device.getDeviceNameFirstRep().getName();
        }
        if (resource instanceof Practitioner practitioner) {
            return "Clinician " + practitioner.getNameFirstRep().getText();
        }
        if (resource instanceof CodeSystem codes) {
            return codes.getTitle() + ": " + codes.getConcept().size() + " codes";
        }
        return resource.fhirType();
    }

    private static String observation(Observation observation) {
        List<String> parts = new ArrayList<>();
        if (observation.hasValue()) {
            parts.add(value(observation.getValue()));
        }
        for (Observation.ObservationComponentComponent component : observation.getComponent()) {
            parts.add(name(component.getCode()) + " " + value(component.getValue()));
        }
        return name(observation.getCode()) + (parts.isEmpty() ? "" : ": " + String.join(", ", parts)) + ", at "
                + time(observation.getEffectiveDateTimeType().getValue())
                + (observation.hasNote() ? ". " + observation.getNoteFirstRep().getText() : "");
    }

    private static String name(CodeableConcept code) {
        return code.hasText() ? code.getText() : code.getCodingFirstRep().getDisplay();
    }

    private static String value(Type value) {
        return value instanceof Quantity q ? quantity(q) : value.primitiveValue();
    }

    private static String quantity(Quantity q) {
        return q.getValue().toPlainString() + " " + q.getUnit();
    }

    private static String time(Date date) {
        return date == null ? "unknown" : date.toInstant().toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
