package org.dosewatch.session;

import org.dosewatch.monitor.Drug;
import org.dosewatch.monitor.Phase;
import org.dosewatch.monitor.Route;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * One supervised dosing: a patient, a drug and route, the dose record and the end. The phase
 * is not stored: it follows from the dose and end records and the clock, so it can never
 * disagree with them.
 */
@Entity
@Table(name = "dosing_session")
public class DosingSession extends PanacheEntityBase {

    @Id
    public String id;
    /** False for a session opened by its first reading rather than by a clinician. */
    public boolean registered;
    @Column(name = "patient_ref")
    public String patientRef;
    public String room;
    /** The clinic, site or ward whose station shows the session; null: no unit given. */
    public String unit;
    @Enumerated(EnumType.STRING)
    public Drug drug;
    @Enumerated(EnumType.STRING)
    public Route route;
    @Column(name = "planned_dose_mg")
    public Double plannedDoseMg;
    @Column(name = "weight_kg")
    public Double weightKg;
    public String profile;
    @Embedded
    public Baseline baseline;
    /** Rule settings a clinician changed for this session ({@code "spo2-low.limit": "88"}). */
    @Column(name = "rule_overrides")
    @Convert(converter = RuleOverridesColumn.class)
    public Map<String, String> ruleOverrides = Map.of();

    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "dose_mg")
    public Double doseMg;
    @Column(name = "dose_at")
    public Instant doseAt;
    @Column(name = "dosed_by")
    public String dosedBy;
    @Column(name = "ended_at")
    public Instant endedAt;
    @Column(name = "ended_by")
    public String endedBy;
    /** The newest recorded NEWS2 parameters a monitor does not measure (nurse observations); null: not recorded. */
    @Enumerated(EnumType.STRING)
    public Consciousness consciousness;
    @Column(name = "supplemental_o2")
    public Boolean supplementalO2;
    public Double temperature;
    /** The newest recovery findings of the nurse observations; null: not recorded. */
    public Integer moaas;
    public Integer aldrete;
    public Boolean sedation;
    public Boolean dissociation;
    @Column(name = "respiratory_depression")
    public Boolean respiratoryDepression;
    /** When the patient first met every discharge criterion, kept when the session ends; null: never. */
    @Column(name = "ready_at")
    public Instant readyAt;
    /** For the REMS form, entered by a clinician: the product's lot number, the concomitant medications. */
    @Column(name = "lot_number")
    public String lotNumber;
    @Column(name = "concomitant_medications")
    public String concomitantMedications;
    /** When the REMS form was first exported; null: not yet. */
    @Column(name = "rems_exported_at")
    public Instant remsExportedAt;
    /** Whether the patient was discharge-ready when the session was ended; null while open. */
    @Column(name = "discharge_ready_at_end")
    public Boolean dischargeReadyAtEnd;

    @Version
    public long version;

    /** The baseline a clinician gave at registration; null when none was (the rules then measure one). */
    public Baseline givenBaseline() {
        return baseline != null && !baseline.isEmpty() ? baseline : null;
    }

    /**
     * Takes the newest value of each finding from the observations, in the order they were
     * made: one recorded late for an earlier time does not replace a later one.
     */
    public void takeNewestFindings(List<Observation> inOrder) {
        for (Observation o : inOrder) {
            moaas = o.moaas != null ? o.moaas : moaas;
            aldrete = o.aldrete != null ? o.aldrete : aldrete;
            sedation = o.sedation != null ? o.sedation : sedation;
            dissociation = o.dissociation != null ? o.dissociation : dissociation;
            respiratoryDepression = o.respiratoryDepression != null ? o.respiratoryDepression : respiratoryDepression;
            consciousness = o.consciousness != null ? o.consciousness : consciousness;
            supplementalO2 = o.supplementalO2 != null ? o.supplementalO2 : supplementalO2;
            temperature = o.temperature != null ? o.temperature : temperature;
        }
    }

    /**
     * The phase at {@code now}: PRE_DOSE until the dose record, DOSING for the administration
     * time of the route, then OBSERVATION; ENDED once a clinician ends it. DISCHARGE_READY needs
     * the patient's vitals and is decided by the rule engine.
     */
    public Phase phaseAt(Instant now, Duration administration) {
        if (endedAt != null) {
            return Phase.ENDED;
        }
        if (doseAt == null) {
            return Phase.PRE_DOSE;
        }
        return now.isBefore(doseAt.plus(administration)) ? Phase.DOSING : Phase.OBSERVATION;
    }
}
