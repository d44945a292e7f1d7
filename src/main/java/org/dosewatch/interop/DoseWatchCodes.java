package org.dosewatch.interop;

import java.util.LinkedHashMap;
import java.util.Map;

import org.dosewatch.alert.AlertEventType;
import org.dosewatch.monitor.RuleId;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Enumerations;

/**
 * DoseWatch's own codes, for what no standard terminology names: its alert rules, the findings
 * of a nurse observation and the events of an alert's life. Each export carries them as
 * CodeSystem resources, so a receiver can read every code the Bundle uses from the Bundle.
 */
final class DoseWatchCodes {

    static final String BASE = "http://dosewatch.org/fhir/CodeSystem/";
    static final String RULES = BASE + "alert-rule";
    static final String FINDINGS = BASE + "nurse-observation";
    static final String ALERT_EVENTS = BASE + "alert-event";

    /** The findings of a nurse observation, by code. */
    static final Map<String, String> FINDING_NAMES = new LinkedHashMap<>();

    static {
        FINDING_NAMES.put("recovery-observation", "Nurse observation during a dosing session");
        FINDING_NAMES.put("moaas", "MOAA/S (Modified Observer's Assessment of Alertness/Sedation)");
        FINDING_NAMES.put("rass", "RASS (Richmond Agitation-Sedation Scale)");
        FINDING_NAMES.put("cadss", "CADSS (Clinician-Administered Dissociative States Scale)");
        FINDING_NAMES.put("aldrete", "Modified Aldrete score");
        FINDING_NAMES.put("acvpu", "ACVPU level of consciousness");
        FINDING_NAMES.put("supplemental-o2", "On supplemental oxygen");
        FINDING_NAMES.put("sedation", "Sedation present");
        FINDING_NAMES.put("dissociation", "Dissociation present");
        FINDING_NAMES.put("respiratory-depression", "Respiratory depression present");
    }

    private DoseWatchCodes() {
    }

    static String finding(String code) {
        String name = FINDING_NAMES.get(code);
        if (name == null) {
            throw new IllegalArgumentException("no nurse-observation code " + code);
        }
        return name;
    }

    static CodeSystem rules() {
        CodeSystem codes = codeSystem(RULES, "DoseWatchAlertRule", "DoseWatch alert rules",
                "The rules of DoseWatch's alerts (docs/clinical-rules.md), by the name the alert carries.");
        for (RuleId rule : RuleId.values()) {
            codes.addConcept().setCode(rule.name()).setDisplay(rule.name())
                    .setDefinition(rule.kind().name().toLowerCase() + " alert, raised " + rule.priority().name().toLowerCase());
        }
        return codes;
    }

    static CodeSystem findings() {
        CodeSystem codes = codeSystem(FINDINGS, "DoseWatchNurseObservation", "DoseWatch nurse observation findings",
                "What a nurse records during a dosing session, each as a component of one Observation.");
        FINDING_NAMES.forEach((code, name) -> codes.addConcept().setCode(code).setDisplay(name));
        return codes;
    }

    static CodeSystem alertEvents() {
        CodeSystem codes = codeSystem(ALERT_EVENTS, "DoseWatchAlertEvent", "DoseWatch alert lifecycle events",
                "What happened to an alert (IEC 60601-1-8 and IHE PCD ACM lifecycle), as its audit trail records it.");
        for (AlertEventType event : AlertEventType.values()) {
            codes.addConcept().setCode(event.name()).setDisplay(event.name());
        }
        return codes;
    }

    private static CodeSystem codeSystem(String url, String name, String title, String description) {
        CodeSystem codes = new CodeSystem();
        codes.setUrl(url);
        codes.setName(name);
        codes.setTitle(title);
        codes.setDescription(description);
        codes.setStatus(Enumerations.PublicationStatus.ACTIVE);
        codes.setPublisher("DoseWatch");
        codes.setCaseSensitive(true);
        codes.setContent(CodeSystem.CodeSystemContentMode.COMPLETE);
        return codes;
    }
}
