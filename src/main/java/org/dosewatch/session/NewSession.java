package org.dosewatch.session;

import org.dosewatch.web.Units;
import org.dosewatch.monitor.Drug;
import org.dosewatch.monitor.Route;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/sessions} (docs/contract.md section 3). {@code ruleOverrides} optionally
 * changes numbers of the rule profile for this session, by their configuration names without
 * the {@code dosewatch.rules.} prefix ({@code "spo2-low.limit": "88"}). {@code unit} optionally
 * names the clinic, site or ward whose station shows the session.
 */
public record NewSession(
        @Pattern(regexp = "[A-Za-z0-9._-]{1,64}", message = "must be 1 to 64 characters of [A-Za-z0-9._-]") String id,
        @NotBlank @Size(max = 128) String patientRef,
        @NotBlank @Size(max = 64) String room,
        @Pattern(regexp = Units.PATTERN, message = Units.MESSAGE) String unit,
        @NotNull Drug drug,
        @NotNull Route route,
        @Positive @DecimalMax("2000") Double plannedDoseMg,
        @Positive @DecimalMax("400") Double weightKg,
        @Valid Baseline baseline,
        @Size(max = 64) String profile,
        @Size(max = 50) Map<@Pattern(regexp = "[a-z0-9.-]{1,64}", message = "must name a rule setting such as spo2-low.limit") String,
                @NotBlank @Size(max = 64) String> ruleOverrides) {
}
