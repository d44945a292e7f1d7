package org.dosewatch.monitor;

/** Every rule of docs/clinical-rules.md with its kind and priority. The names are part of the contract. */
public enum RuleId {
    SPO2_LOW(AlertKind.PHYSIOLOGICAL, Priority.MEDIUM),
    SPO2_CRITICAL(AlertKind.PHYSIOLOGICAL, Priority.HIGH),
    RR_LOW(AlertKind.PHYSIOLOGICAL, Priority.MEDIUM),
    RR_CRITICAL(AlertKind.PHYSIOLOGICAL, Priority.HIGH),
    RR_HIGH(AlertKind.PHYSIOLOGICAL, Priority.MEDIUM),
    APNEA(AlertKind.PHYSIOLOGICAL, Priority.HIGH),
    HR_HIGH(AlertKind.PHYSIOLOGICAL, Priority.MEDIUM),
    HR_CRITICAL_HIGH(AlertKind.PHYSIOLOGICAL, Priority.HIGH),
    HR_LOW(AlertKind.PHYSIOLOGICAL, Priority.MEDIUM),
    HR_CRITICAL_LOW(AlertKind.PHYSIOLOGICAL, Priority.HIGH),
    BP_SEVERE(AlertKind.PHYSIOLOGICAL, Priority.HIGH),
    BP_EMERGENCY(AlertKind.PHYSIOLOGICAL, Priority.HIGH),
    BP_LOW(AlertKind.PHYSIOLOGICAL, Priority.MEDIUM),
    BP_RISE(AlertKind.TREND, Priority.MEDIUM),
    SBP_RISING_FAST(AlertKind.TREND, Priority.LOW),
    SPO2_FALLING(AlertKind.TREND, Priority.MEDIUM),
    RR_FALLING(AlertKind.TREND, Priority.MEDIUM),
    RESP_DEPRESSION(AlertKind.SCORE, Priority.HIGH),
    NEWS2_MEDIUM(AlertKind.SCORE, Priority.MEDIUM),
    NEWS2_HIGH(AlertKind.SCORE, Priority.HIGH),
    SIGNAL_LOSS(AlertKind.TECHNICAL, Priority.MEDIUM),
    SENSOR_STALE(AlertKind.TECHNICAL, Priority.LOW),
    NIBP_OVERDUE(AlertKind.WORKFLOW, Priority.LOW),
    BP_40MIN_MISSING(AlertKind.WORKFLOW, Priority.LOW),
    PREDOSE_BP_HIGH(AlertKind.WORKFLOW, Priority.MEDIUM);

    private final AlertKind kind;
    private final Priority priority;

    RuleId(AlertKind kind, Priority priority) {
        this.kind = kind;
        this.priority = priority;
    }

    public AlertKind kind() {
        return kind;
    }

    /** The priority the alert is raised with. */
    public Priority priority() {
        return priority;
    }
}
