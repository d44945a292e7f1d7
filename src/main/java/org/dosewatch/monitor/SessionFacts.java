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
                           BaselineVitals baseline, RuleProfile profile, Label label, Recorded recorded,
                           Recovery recovery) {

    /**
     * The newest recovery findings a nurse recorded: MOAA/S and modified Aldrete (null: none yet),
     * and whether sedation, dissociation or respiratory depression is present (false: never
     * recorded, or recorded as resolved).
     */
    public record Recovery(Integer moaas, Integer aldrete, boolean sedation, boolean dissociation,
                           boolean respiratoryDepression) {

        public static final Recovery NONE = new Recovery(null, null, false, false, false);

        public boolean alertEnough(int score) {
            return moaas != null && moaas >= score;
        }

        public boolean recoveredEnough(int score) {
            return aldrete != null && aldrete >= score;
        }

        public boolean resolved() {
            return !sedation && !dissociation && !respiratoryDepression;
        }
    }

    /**
     * The NEWS2 parameters a monitor does not measure, as a nurse last recorded them: supplemental
     * oxygen, new confusion (ACVPU other than A), temperature in Celsius (NaN: not recorded).
     */
    public record Recorded(boolean onOxygen, boolean newConfusion, double temperature) {

        public static final Recorded NONE = new Recorded(false, false, Double.NaN);

        /** Whether anything was recorded: a parameter not recorded is scored 0 and reported as not scored. */
        public boolean any() {
            return onOxygen || newConfusion || !Double.isNaN(temperature);
        }
    }

    /** Whom the session is for and where: what a station shows beside its vitals. */
    public record Label(String room, String patientRef, String unit) {

        public static final Label NONE = new Label(null, null, null);
    }

    /** Facts with no room, patient or unit. */
    public SessionFacts(Drug drug, Route route, Instant doseAt, Instant endedAt, Duration administration,
                        BaselineVitals baseline, RuleProfile profile) {
        this(drug, route, doseAt, endedAt, administration, baseline, profile, Label.NONE, Recorded.NONE, Recovery.NONE);
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
