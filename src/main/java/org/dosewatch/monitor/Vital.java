package org.dosewatch.monitor;

/**
 * The vital signs a monitor frame carries, under their reading field names; each with its
 * {@link VitalSpec}, the one catalogue of its range, codes and units.
 */
public enum Vital {
    HR(new VitalSpec("hr", "/min", 0, 300, "8867-4", "Heart rate", "147842", "MDC_ECG_HEART_RATE", "/min",
            "beats/minute", "264864", "MDC_DIM_BEAT_PER_MIN", "http://hl7.org/fhir/StructureDefinition/heartrate", true, 1)),
    SPO2(new VitalSpec("spo2", "%", 0, 100, "59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry", "150456",
            "MDC_PULS_OXIM_SAT_O2", "%", "%", "262688", "MDC_DIM_PERCENT", "http://hl7.org/fhir/StructureDefinition/oxygensat",
            true, 1)),
    RR(new VitalSpec("rr", "/min", 0, 80, "9279-1", "Respiratory rate", "151562", "MDC_RESP_RATE", "/min", "breaths/minute",
            "264928", "MDC_DIM_RESP_PER_MIN", "http://hl7.org/fhir/StructureDefinition/resprate", true, 1)),
    ETCO2(new VitalSpec("etco2", "mmHg", 0, 150, "19891-1", "Carbon dioxide [Partial pressure] in Exhaled gas --at end expiration",
            "151708", "MDC_AWAY_CO2_ET", "mm[Hg]", "mmHg", "266016", "MDC_DIM_MMHG", null, true, 1)),
    SBP(new VitalSpec("sbp", "mmHg", 20, 300, "8480-6", "Systolic blood pressure", "150021", "MDC_PRESS_BLD_NONINV_SYS",
            "mm[Hg]", "mmHg", "266016", "MDC_DIM_MMHG", null, false, 1)),
    DBP(new VitalSpec("dbp", "mmHg", 10, 250, "8462-4", "Diastolic blood pressure", "150022", "MDC_PRESS_BLD_NONINV_DIA",
            "mm[Hg]", "mmHg", "266016", "MDC_DIM_MMHG", null, false, 1)),
    MAP(new VitalSpec("map", "mmHg", 15, 280, "8478-0", "Mean blood pressure", "150023", "MDC_PRESS_BLD_NONINV_MEAN",
            "mm[Hg]", "mmHg", "266016", "MDC_DIM_MMHG", null, false, 1));

    private static final Vital[] ALL = values();

    private final VitalSpec spec;

    Vital(VitalSpec spec) {
        this.spec = spec;
    }

    public VitalSpec spec() {
        return spec;
    }

    public String field() {
        return spec.field();
    }

    public String unit() {
        return spec.unit();
    }

    /** The vital of a frame field name; null for a field that is not a vital. */
    public static Vital of(String field) {
        for (Vital vital : ALL) {
            if (vital.spec.field().equals(field)) {
                return vital;
            }
        }
        return null;
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
