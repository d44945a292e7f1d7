package org.dosewatch.interop;

/**
 * How each vital is coded in an export: LOINC (docs/contract.md section 1), the IEEE 11073-10101
 * (MDC) term a monitor reports it by, and the unit in UCUM and in MDC.
 *
 * @param profile the FHIR R4 vital-signs profile of its Observation (null: none defined for it)
 */
enum VitalCode {
    HR("hr", "8867-4", "Heart rate", "147842", "MDC_ECG_HEART_RATE", "/min", "beats/minute", "264864", "MDC_DIM_BEAT_PER_MIN",
            "http://hl7.org/fhir/StructureDefinition/heartrate"),
    SPO2("spo2", "59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry", "150456", "MDC_PULS_OXIM_SAT_O2", "%", "%",
            "262688", "MDC_DIM_PERCENT", "http://hl7.org/fhir/StructureDefinition/oxygensat"),
    RR("rr", "9279-1", "Respiratory rate", "151562", "MDC_RESP_RATE", "/min", "breaths/minute", "264928", "MDC_DIM_RESP_PER_MIN",
            "http://hl7.org/fhir/StructureDefinition/resprate"),
    ETCO2("etco2", "19891-1", "Carbon dioxide [Partial pressure] in Exhaled gas --at end expiration", "151708",
            "MDC_AWAY_CO2_ET", "mm[Hg]", "mmHg", "266016", "MDC_DIM_MMHG", null),
    SBP("sbp", "8480-6", "Systolic blood pressure", "150021", "MDC_PRESS_BLD_NONINV_SYS", "mm[Hg]", "mmHg", "266016",
            "MDC_DIM_MMHG", null),
    DBP("dbp", "8462-4", "Diastolic blood pressure", "150022", "MDC_PRESS_BLD_NONINV_DIA", "mm[Hg]", "mmHg", "266016",
            "MDC_DIM_MMHG", null),
    MAP("map", "8478-0", "Mean blood pressure", "150023", "MDC_PRESS_BLD_NONINV_MEAN", "mm[Hg]", "mmHg", "266016",
            "MDC_DIM_MMHG", null);

    static final String LOINC = "http://loinc.org";
    static final String UCUM = "http://unitsofmeasure.org";
    static final String MDC = "urn:iso:std:iso:11073:10101";

    final String field;
    final String loinc;
    final String display;
    final String mdc;
    final String mdcName;
    final String ucum;
    final String unitText;
    final String mdcUnit;
    final String mdcUnitName;
    final String profile;

    VitalCode(String field, String loinc, String display, String mdc, String mdcName, String ucum, String unitText,
              String mdcUnit, String mdcUnitName, String profile) {
        this.field = field;
        this.loinc = loinc;
        this.display = display;
        this.mdc = mdc;
        this.mdcName = mdcName;
        this.ucum = ucum;
        this.unitText = unitText;
        this.mdcUnit = mdcUnit;
        this.mdcUnitName = mdcUnitName;
        this.profile = profile;
    }

    /** Whether the monitor measures it continuously (summarised every 15 s), rather than by an NIBP cuff cycle. */
    boolean continuous() {
        return this == HR || this == SPO2 || this == RR || this == ETCO2;
    }

    /** A value with at most one decimal, as the monitor shows it, for both exports. */
    static java.math.BigDecimal shown(double value) {
        return java.math.BigDecimal.valueOf(value).setScale(1, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros();
    }

    /** The code of a vital by its frame field name; null for a field that is not a vital. */
    static VitalCode of(String field) {
        for (VitalCode code : values()) {
            if (code.field.equals(field)) {
                return code;
            }
        }
        return null;
    }
}
