package org.dosewatch.session;

import org.dosewatch.monitor.Drug;
import org.dosewatch.monitor.Phase;
import org.dosewatch.monitor.Route;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dosewatch.reading.LatestVitals;
import org.dosewatch.reading.Reading;

/**
 * A session as the API answers it (CONTRACT.md section 3). {@code latest} holds the newest
 * value of each vital under its reading field name with {@code ts} and {@code bpTs};
 * {@code news2} and {@code activeAlerts} are filled by the rule engine and the alert service.
 */
public record SessionView(
        String id,
        boolean registered,
        Phase phase,
        String patientRef,
        String room,
        Drug drug,
        Route route,
        String profile,
        Double plannedDoseMg,
        Double weightKg,
        Baseline baseline,
        Double doseMg,
        Instant doseAt,
        String dosedBy,
        Instant createdAt,
        String createdBy,
        Instant endedAt,
        String endedBy,
        Boolean dischargeReadyAtEnd,
        Map<String, Object> latest,
        Object news2,
        List<Object> activeAlerts) {

    static SessionView of(DosingSession s, Phase phase, LatestVitals.Snapshot latest) {
        return new SessionView(s.id, s.registered, phase, s.patientRef, s.room, s.drug, s.route, s.profile,
                s.plannedDoseMg, s.weightKg, s.baseline == null ? new Baseline() : s.baseline, s.doseMg, s.doseAt, s.dosedBy,
                s.createdAt, s.createdBy, s.endedAt, s.endedBy, s.dischargeReadyAtEnd, latest(latest), null, List.of());
    }

    private static Map<String, Object> latest(LatestVitals.Snapshot snapshot) {
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
