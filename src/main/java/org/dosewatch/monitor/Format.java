package org.dosewatch.monitor;

/**
 * Numbers in alert messages as a clinician reads them: a vital's value whole, as its monitor
 * shows it (a median of two frames may be 84.5); other numbers whole where whole, one decimal
 * otherwise.
 */
final class Format {

    private Format() {
    }

    static String number(double value) {
        if (value == Math.rint(value)) {
            return Long.toString((long) value);
        }
        return String.format(java.util.Locale.ROOT, "%.1f", value);
    }

    static String name(Vital vital) {
        return switch (vital) {
            case HR -> "HR";
            case SPO2 -> "SpO2";
            case RR -> "RR";
            case ETCO2 -> "EtCO2";
            case SBP -> "SBP";
            case DBP -> "DBP";
            case MAP -> "MAP";
        };
    }

    /** A vital's value, whole. */
    static String value(Vital vital, double value) {
        return name(vital) + " " + whole(value) + " " + vital.unit();
    }

    /**
     * A vital's value past a limit, whole, rounded towards the worse side, so the sentence that
     * compares it with the limit stays true: SpO2 89.5 is "SpO2 89 % below 90 %", never 90.
     */
    static String past(Vital vital, double value, boolean lowerIsWorse) {
        return name(vital) + " " + (long) (lowerIsWorse ? Math.floor(value) : Math.ceil(value)) + " " + vital.unit();
    }

    /** A vital's value as a bare whole number. */
    static String whole(double value) {
        return Long.toString(Math.round(value));
    }
}
