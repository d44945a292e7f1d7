package org.dosewatch.monitor;

/** Numbers in alert messages as a clinician reads them: whole where whole, one decimal otherwise. */
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

    static String value(Vital vital, double value) {
        return name(vital) + " " + number(value) + " " + vital.unit();
    }
}
