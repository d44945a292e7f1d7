package org.dosewatch.monitor;

import java.time.Duration;
import java.time.Instant;

/**
 * What the clinicians recorded about a session that the rules need: drug and route, the dose
 * time, the end, how long the route's administration lasts, a baseline if one was given, and
 * the session's own rule profile if a clinician overrode some of its numbers (null: the default),
 * and the room, patient and unit the session's status names (no rule reads them).
 */
public record SessionFacts(Drug drug, Route route, Instant doseAt, Instant endedAt, Duration administration,
                           BaselineVitals baseline, RuleProfile profile, Label label) {

    /** Whom the session is for and where: what a station shows beside its vitals. */
    public record Label(String room, String patientRef, String unit) {

        public static final Label NONE = new Label(null, null, null);
    }

    /** Facts with no room, patient or unit. */
    public SessionFacts(Drug drug, Route route, Instant doseAt, Instant endedAt, Duration administration,
                        BaselineVitals baseline, RuleProfile profile) {
        this(drug, route, doseAt, endedAt, administration, baseline, profile, Label.NONE);
    }

    /** A session known only from its readings: pre-dose until told otherwise. */
    public static final SessionFacts UNREGISTERED = new SessionFacts(Drug.KETAMINE, null, null, null, Duration.ZERO,
            BaselineVitals.UNKNOWN);

    /** Facts of a session that uses the default rule profile. */
    public SessionFacts(Drug drug, Route route, Instant doseAt, Instant endedAt, Duration administration,
                        BaselineVitals baseline) {
        this(drug, route, doseAt, endedAt, administration, baseline, null);
    }

    public long doseMillis() {
        return doseAt == null ? Long.MAX_VALUE : doseAt.toEpochMilli();
    }
}
