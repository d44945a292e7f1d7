package org.dosewatch.monitor;


/** The vital signs a monitor frame carries, under their reading field names. */
public enum Vital {
    HR("hr", "/min"), SPO2("spo2", "%"), RR("rr", "/min"), ETCO2("etco2", "mmHg"),
    SBP("sbp", "mmHg"), DBP("dbp", "mmHg"), MAP("map", "mmHg");

    private final String field;
    private final String unit;

    Vital(String field, String unit) {
        this.field = field;
        this.unit = unit;
    }

    public String field() {
        return field;
    }

    public String unit() {
        return unit;
    }

    /** The value in this frame, or NaN when the frame did not carry it. */
    public double of(Reading reading) {
        return switch (this) {
            case HR -> reading.hr();
            case SPO2 -> reading.spo2();
            case RR -> reading.rr();
            case ETCO2 -> reading.etco2();
            case SBP -> reading.sbp();
            case DBP -> reading.dbp();
            case MAP -> reading.map();
        };
    }
}
