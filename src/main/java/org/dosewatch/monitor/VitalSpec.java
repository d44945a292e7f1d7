package org.dosewatch.monitor;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Everything DoseWatch says about one vital sign, in one place: how a frame names it, the range a
 * frame may carry (docs/contract.md section 1: wider than any patient, narrow enough to catch a
 * wrong unit), how it is coded in LOINC and in IEEE 11073-10101 (MDC), its unit in UCUM and in MDC,
 * and how many decimals it is shown with. Ingest (JSON and HL7), the bounds on rule settings, the
 * vitals history and both exports read it here.
 *
 * @param field        the frame's field name ({@code hr})
 * @param unit         the unit as a person reads it ({@code /min})
 * @param lowest       the lowest value a frame may carry
 * @param highest      the highest value a frame may carry
 * @param loinc        its LOINC code
 * @param loincDisplay the LOINC display name
 * @param mdc          the MDC term code a monitor reports it by
 * @param mdcName      the MDC reference id ({@code MDC_ECG_HEART_RATE})
 * @param ucum         its unit in UCUM
 * @param unitText     its unit as a monitor's screen writes it ({@code beats/minute})
 * @param mdcUnit      its unit's MDC code
 * @param mdcUnitName  its unit's MDC reference id
 * @param fhirProfile  the FHIR R4 vital-signs profile of its Observation; null where none is defined
 * @param continuous   measured continuously (summarised every 15 s), rather than by an NIBP cuff cycle
 * @param decimals     the decimals a value is shown and exported with, as a monitor shows it
 */
public record VitalSpec(String field, String unit, double lowest, double highest, String loinc, String loincDisplay,
                        String mdc, String mdcName, String ucum, String unitText, String mdcUnit, String mdcUnitName,
                        String fhirProfile, boolean continuous, int decimals) {

    public static final String LOINC = "http://loinc.org";
    public static final String UCUM = "http://unitsofmeasure.org";
    public static final String MDC = "urn:iso:std:iso:11073:10101";

    /** Whether a frame may carry {@code value} for this vital. */
    public boolean accepts(double value) {
        return value >= lowest && value <= highest;
    }

    /** A value as it is shown and exported: at most {@link #decimals} decimals, no trailing zeros. */
    public BigDecimal shown(double value) {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }
}
