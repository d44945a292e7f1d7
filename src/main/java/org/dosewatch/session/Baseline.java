package org.dosewatch.session;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * The patient's resting values that trend rules compare against. Given by the clinician when
 * the session is created, or (when absent) taken by the rule engine from the pre-dose readings.
 * Ranges are those of docs/contract.md section 1.
 */
@Embeddable
public class Baseline {

    @Column(name = "baseline_hr") @DecimalMin("0") @DecimalMax("300")
    public Double hr;
    @Column(name = "baseline_sbp") @DecimalMin("20") @DecimalMax("300")
    public Double sbp;
    @Column(name = "baseline_dbp") @DecimalMin("10") @DecimalMax("250")
    public Double dbp;
    @Column(name = "baseline_rr") @DecimalMin("0") @DecimalMax("80")
    public Double rr;
    @Column(name = "baseline_spo2") @DecimalMin("0") @DecimalMax("100")
    public Double spo2;
    @Column(name = "baseline_etco2") @DecimalMin("0") @DecimalMax("150")
    public Double etco2;

    @JsonIgnore
    public boolean isEmpty() {
        return hr == null && sbp == null && dbp == null && rr == null && spo2 == null && etco2 == null;
    }
}
