package org.dosewatch.monitor;

/** The patient's resting values; NaN where unknown. */
public record BaselineVitals(double hr, double sbp, double dbp, double rr, double spo2, double etco2) {

    public static final BaselineVitals UNKNOWN = new BaselineVitals(Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN);

    public double of(Vital vital) {
        return switch (vital) {
            case HR -> hr;
            case SBP -> sbp;
            case DBP -> dbp;
            case RR -> rr;
            case SPO2 -> spo2;
            case ETCO2 -> etco2;
            case MAP -> Double.NaN;
        };
    }

    /** Each value of this baseline, or of {@code fallback} where this one is unknown. */
    public BaselineVitals orElse(BaselineVitals fallback) {
        return new BaselineVitals(pick(hr, fallback.hr), pick(sbp, fallback.sbp), pick(dbp, fallback.dbp),
                pick(rr, fallback.rr), pick(spo2, fallback.spo2), pick(etco2, fallback.etco2));
    }

    private static double pick(double own, double fallback) {
        return Double.isNaN(own) ? fallback : own;
    }
}
