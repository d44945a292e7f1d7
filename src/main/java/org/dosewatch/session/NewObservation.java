package org.dosewatch.session;

import java.time.Instant;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import org.dosewatch.web.UnknownFields;

/**
 * Body of {@code POST /api/sessions/{id}/observations} (docs/contract.md section 6): every field
 * optional, at least one besides {@code at}. The scales and their sources are in
 * docs/clinical-rules.md (nurse observations). A clinical entry is taken as written or refused:
 * a field it does not have, or a fraction for a whole-number scale, answers 400 naming it.
 *
 * @param moaas  Modified Observer's Assessment of Alertness/Sedation, 0 (no response) to 5 (alert)
 * @param rass   Richmond Agitation-Sedation Scale, -5 (unarousable) to +4 (combative)
 * @param cadss  Clinician-Administered Dissociative States Scale, observer-rated total, 0 to 92
 * @param aldrete modified Aldrete recovery score, 0 to 10
 */
@UnknownFields.Refused
public record NewObservation(
        Instant at,
        @Min(0) @Max(5) Integer moaas,
        @Min(-5) @Max(4) Integer rass,
        @Min(0) @Max(92) Integer cadss,
        @Min(0) @Max(10) Integer aldrete,
        Consciousness consciousness,
        Boolean supplementalO2,
        @DecimalMin("25") @DecimalMax("45") Double temperature,
        Boolean sedation,
        Boolean dissociation,
        Boolean respiratoryDepression,
        @Size(max = 2000) String note) {

    boolean observesSomething() {
        return moaas != null || rass != null || cadss != null || aldrete != null || consciousness != null
                || supplementalO2 != null || temperature != null || sedation != null || dissociation != null
                || respiratoryDepression != null || (note != null && !note.isBlank());
    }

    /** Whether it records a finding the discharge gate reads. */
    boolean assessesRecovery() {
        return moaas != null || aldrete != null || sedation != null || dissociation != null || respiratoryDepression != null;
    }

    /** Whether it records a NEWS2 parameter the monitor does not measure. */
    boolean scoresNews2() {
        return consciousness != null || supplementalO2 != null || temperature != null;
    }
}
