package org.dosewatch.monitor;

import java.time.Instant;

/**
 * One validated monitor frame (docs/contract.md section 1). A vital that the frame did not carry is
 * {@link Double#NaN}, so a reading is one flat object with no boxed values on the hot path.
 *
 * @param ts device time of the frame: rules run on it, so a replay gives the same alerts
 */
public record Reading(
        String sessionId,
        String deviceId,
        long seq,
        Instant ts,
        double hr,
        double spo2,
        double rr,
        double etco2,
        double sbp,
        double dbp,
        double map) {

    public static final double ABSENT = Double.NaN;

    public static boolean present(double value) {
        return !Double.isNaN(value);
    }

    /** True when this frame carries a completed NIBP cuff cycle. */
    public boolean hasBloodPressure() {
        return present(sbp);
    }
}
