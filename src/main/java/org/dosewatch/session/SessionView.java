package org.dosewatch.session;

import org.dosewatch.monitor.Drug;
import org.dosewatch.monitor.Phase;
import org.dosewatch.monitor.Route;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dosewatch.alert.Alert;
import org.dosewatch.monitor.BaselineVitals;
import org.dosewatch.monitor.News2;
import org.dosewatch.monitor.SessionFacts;
import org.dosewatch.monitor.SessionSnapshot;
import org.dosewatch.reading.LatestVitals;
import org.dosewatch.monitor.Reading;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A session as the API answers it (docs/contract.md section 3). {@code latest} holds the newest
 * value of each vital under its reading field name with {@code ts} and {@code bpTs};
 * {@code news2} and a measured baseline come from the rule engine on the instance that evaluates
 * the session; {@code activeAlerts} are its alerts not yet resolved.
 */
public record SessionView(
        String id,
        boolean registered,
        Phase phase,
        String patientRef,
        String room,
        String unit,
        Drug drug,
        Route route,
        String profile,
        Map<String, String> ruleOverrides,
        Double plannedDoseMg,
        Double weightKg,
        Baseline baseline,
        String baselineSource,
        @JsonIgnore Baseline givenBaseline,
        Double doseMg,
        Instant doseAt,
        String dosedBy,
        Instant createdAt,
        String createdBy,
        Instant endedAt,
        String endedBy,
        Boolean dischargeReadyAtEnd,
        Map<String, Object> latest,
        Recorded recorded,
        Recovery recovery,
        News2View news2,
        DischargeView discharge,
        List<Alert> activeAlerts) {

    /**
     * The newest NEWS2 parameters a nurse recorded that a monitor does not measure (null: not
     * recorded, scored 0): ACVPU consciousness, supplemental oxygen, temperature in Celsius.
     */
    public record Recorded(Consciousness consciousness, Boolean supplementalO2, Double temperature) {

        static Recorded of(DosingSession s) {
            return new Recorded(s.consciousness, s.supplementalO2, s.temperature);
        }
    }

    /** The newest recovery findings a nurse recorded (null: not recorded), which the discharge gate reads. */
    public record Recovery(Integer moaas, Integer aldrete, Boolean sedation, Boolean dissociation, Boolean respiratoryDepression) {

        static Recovery of(DosingSession s) {
            return new Recovery(s.moaas, s.aldrete, s.sedation, s.dissociation, s.respiratoryDepression);
        }
    }

    /**
     * NEWS2 as the rule engine scores it: the aggregate, the risk band, each parameter's points
     * and which parameters were measured (the others count 0).
     */
    public record News2View(int score, String risk, Map<String, Integer> points, List<String> scored) {

        /** {@code recorded}: what a nurse recorded, scored too. */
        public static News2View of(News2 news2, SessionFacts.Recorded recorded) {
            Map<String, Integer> points = new LinkedHashMap<>();
            points.put("rr", news2.rr());
            points.put("spo2", news2.spo2());
            points.put("oxygen", news2.oxygen());
            points.put("sbp", news2.sbp());
            points.put("pulse", news2.pulse());
            points.put("consciousness", news2.consciousness());
            points.put("temperature", news2.temperature());
            List<String> scored = new ArrayList<>();
            if (news2.rrScored()) {
                scored.add("rr");
            }
            if (news2.spo2Scored()) {
                scored.add("spo2");
            }
            if (news2.sbpScored()) {
                scored.add("sbp");
            }
            if (news2.pulseScored()) {
                scored.add("pulse");
            }
            if (recorded.any()) {
                // Recorded by a nurse: scored as recorded, each parameter once it is known.
                scored.add("oxygen");
                scored.add("consciousness");
                if (!Double.isNaN(recorded.temperature())) {
                    scored.add("temperature");
                }
            }
            return new News2View(news2.score(), news2.risk().name(), points, scored);
        }
    }

    /**
     * @param timeline the phase from the dose and end records and the wall clock
     * @param monitor  the rule engine's view of the session, where this instance evaluates it
     */
    static SessionView of(DosingSession s, Phase timeline, LatestVitals.Snapshot latest, SessionSnapshot monitor,
                          DischargeView discharge, List<Alert> activeAlerts) {
        Phase phase = timeline == Phase.OBSERVATION && discharge.ready() ? Phase.DISCHARGE_READY : timeline;
        Baseline given = s.givenBaseline();
        Baseline shown = given != null ? given : measured(monitor);
        return new SessionView(s.id, s.registered, phase, s.patientRef, s.room, s.unit, s.drug, s.route, s.profile,
                s.ruleOverrides == null ? Map.of() : s.ruleOverrides, s.plannedDoseMg, s.weightKg, shown, given != null ? "given" : shown.isEmpty() ? null : "measured",
                given, s.doseMg, s.doseAt, s.dosedBy,
                s.createdAt, s.createdBy, s.endedAt, s.endedBy, s.dischargeReadyAtEnd, latest(latest),
                Recorded.of(s), Recovery.of(s),
                monitor == null ? null : News2View.of(monitor.news2(), monitor.recorded()), discharge, activeAlerts);
    }

    private static Baseline measured(SessionSnapshot monitor) {
        Baseline baseline = new Baseline();
        if (monitor != null) {
            BaselineVitals values = monitor.baseline();
            baseline.hr = orNull(values.hr());
            baseline.sbp = orNull(values.sbp());
            baseline.dbp = orNull(values.dbp());
            baseline.rr = orNull(values.rr());
            baseline.spo2 = orNull(values.spo2());
            baseline.etco2 = orNull(values.etco2());
        }
        return baseline;
    }

    private static Double orNull(double value) {
        return Double.isNaN(value) ? null : value;
    }

    /** The newest value of each vital under its reading field name, with {@code ts} and {@code bpTs}. */
    public static Map<String, Object> latest(LatestVitals.Snapshot snapshot) {
        Map<String, Object> latest = new LinkedHashMap<>();
        if (snapshot == null) {
            return latest;
        }
        put(latest, "hr", snapshot.hr());
        put(latest, "spo2", snapshot.spo2());
        put(latest, "rr", snapshot.rr());
        put(latest, "etco2", snapshot.etco2());
        put(latest, "sbp", snapshot.sbp());
        put(latest, "dbp", snapshot.dbp());
        put(latest, "map", snapshot.map());
        latest.put("ts", snapshot.ts());
        latest.put("bpTs", snapshot.bpTs());
        return latest;
    }

    private static void put(Map<String, Object> latest, String vital, double value) {
        if (Reading.present(value)) {
            latest.put(vital, value);
        }
    }
}
