package org.dosewatch.session;

import java.time.Instant;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** Body of {@code POST /api/sessions/{id}/dose}: the dose given and, if not now, when. */
public record DoseRecord(@NotNull @Positive @DecimalMax("2000") Double doseMg, Instant at) {
}
