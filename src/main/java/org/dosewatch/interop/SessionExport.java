package org.dosewatch.interop;

import java.time.Instant;
import java.util.List;

import org.dosewatch.alert.Alert;
import org.dosewatch.alert.AlertEvent;
import org.dosewatch.history.VitalsHistory;
import org.dosewatch.session.DosingSession;
import org.dosewatch.session.Observation;

/**
 * Everything an export of one session holds: its record, the nurse observations, the vitals as
 * 15-second summaries, each NIBP reading, and the alerts with their audit trails.
 *
 * @param summaries     the 15-second summaries of the continuous vitals (hr, spo2, rr, etco2) only, oldest first
 * @param bloodPressure each NIBP reading, oldest first
 * @param devices       the monitors whose frames the session's rules evaluated
 * @param exportedAt    when the export was made
 */
public record SessionExport(DosingSession session, List<Observation> observations, List<VitalsHistory.Point> summaries,
                            List<BloodPressure> bloodPressure, List<String> devices, List<AlertTrail> alerts,
                            Instant exportedAt) {

    /** One NIBP reading: when the cuff cycle completed, systolic, diastolic and mean (NaN: not given). */
    public record BloodPressure(Instant at, String deviceId, double sbp, double dbp, double map) {
    }

    /** One alert and its audit trail in order. */
    public record AlertTrail(Alert alert, List<AlertEvent> events) {
    }
}
