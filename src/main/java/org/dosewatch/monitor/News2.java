package org.dosewatch.monitor;

/**
 * The National Early Warning Score 2 (Royal College of Physicians, 2017) on real numbers.
 *
 * <p>The published bands are written for whole numbers ("9-11", "92-93"). A value between two
 * bands (RR 8.5, SpO2 91.5, pulse 90.5, temperature 38.05) takes the worse of its two
 * neighbours' scores, so a smoothed or fractional value never scores lower than the whole
 * numbers around it. A parameter that is not measured (NaN) scores 0 and is reported as not
 * scored.
 */
public record News2(int score, int rr, int spo2, int oxygen, int sbp, int pulse, int consciousness, int temperature,
                    boolean rrScored, boolean spo2Scored, boolean sbpScored, boolean pulseScored) {

    public enum Risk {
        LOW, LOW_MEDIUM, MEDIUM, HIGH
    }

    public static final News2 NONE = new News2(0, 0, 0, 0, 0, 0, 0, 0, false, false, false, false);

    /**
     * @param onOxygen      supplemental oxygen; false when not recorded
     * @param newConfusion  new confusion, or responds only to voice or pain, or unresponsive; false when not recorded
     * @param temperature   degrees Celsius, NaN when not recorded
     */
    public static News2 of(double rr, double spo2, double sbp, double pulse, boolean onOxygen, boolean newConfusion,
                           double temperature) {
        int rrPoints = respiration(rr);
        int spo2Points = saturation(spo2);
        int oxygenPoints = onOxygen ? 2 : 0;
        int sbpPoints = systolic(sbp);
        int pulsePoints = pulse(pulse);
        int consciousnessPoints = newConfusion ? 3 : 0;
        int temperaturePoints = temperature(temperature);
        int total = rrPoints + spo2Points + oxygenPoints + sbpPoints + pulsePoints + consciousnessPoints + temperaturePoints;
        return new News2(total, rrPoints, spo2Points, oxygenPoints, sbpPoints, pulsePoints, consciousnessPoints,
                temperaturePoints, !Double.isNaN(rr), !Double.isNaN(spo2), !Double.isNaN(sbp), !Double.isNaN(pulse));
    }

    /**
     * Whether scoring these monitor values (with nothing recorded by a clinician) gives this
     * very score, so that an unchanged score costs no new object.
     */
    public boolean scores(double rr, double spo2, double sbp, double pulse) {
        return oxygen == 0 && consciousness == 0 && temperature == 0
                && this.rr == respiration(rr) && this.spo2 == saturation(spo2) && this.sbp == systolic(sbp)
                && this.pulse == pulse(pulse)
                && rrScored == !Double.isNaN(rr) && spo2Scored == !Double.isNaN(spo2)
                && sbpScored == !Double.isNaN(sbp) && pulseScored == !Double.isNaN(pulse);
    }

    /** The highest score of a single parameter. */
    public int highestParameter() {
        return Math.max(Math.max(Math.max(rr, spo2), Math.max(oxygen, sbp)), Math.max(Math.max(pulse, consciousness), temperature));
    }

    public Risk risk() {
        if (score >= 7) {
            return Risk.HIGH;
        }
        if (score >= 5) {
            return Risk.MEDIUM;
        }
        return highestParameter() >= 3 ? Risk.LOW_MEDIUM : Risk.LOW;
    }

    // Low-side bands are closed below the next band ([9, 12) scores 1); high-side bands are
    // open below (20 < rr <= 24 scores 2): a value between whole numbers falls to the worse side.

    static int respiration(double rr) {
        if (Double.isNaN(rr)) {
            return 0;
        }
        if (rr < 9) {
            return 3;
        }
        if (rr < 12) {
            return 1;
        }
        if (rr <= 20) {
            return 0;
        }
        return rr <= 24 ? 2 : 3;
    }

    static int saturation(double spo2) {
        if (Double.isNaN(spo2)) {
            return 0;
        }
        if (spo2 < 92) {
            return 3;
        }
        if (spo2 < 94) {
            return 2;
        }
        return spo2 < 96 ? 1 : 0;
    }

    static int systolic(double sbp) {
        if (Double.isNaN(sbp)) {
            return 0;
        }
        if (sbp < 91) {
            return 3;
        }
        if (sbp < 101) {
            return 2;
        }
        if (sbp < 111) {
            return 1;
        }
        return sbp <= 219 ? 0 : 3;
    }

    static int pulse(double hr) {
        if (Double.isNaN(hr)) {
            return 0;
        }
        if (hr < 41) {
            return 3;
        }
        if (hr < 51) {
            return 1;
        }
        if (hr <= 90) {
            return 0;
        }
        if (hr <= 110) {
            return 1;
        }
        return hr <= 130 ? 2 : 3;
    }

    static int temperature(double celsius) {
        if (Double.isNaN(celsius)) {
            return 0;
        }
        if (celsius < 35.1) {
            return 3;
        }
        if (celsius < 36.1) {
            return 1;
        }
        if (celsius <= 38.0) {
            return 0;
        }
        return celsius <= 39.0 ? 1 : 2;
    }
}
