package org.dosewatch;

/**
 * Kafka topics of the contract (docs/contract.md sections 1 and 2), shared by the service, the
 * local stack and the tests so that a name is written once.
 */
public final class Topics {

    /** Monitor frames in, keyed by session id. */
    public static final String READINGS = "vitals.readings";
    /** Frames that could not be decoded or validated, with a {@link #DLQ_REASON} header. */
    public static final String READINGS_DLQ = "vitals.readings.dlq";
    /** Alert lifecycle events out, keyed by session id. */
    public static final String ALERTS = "vitals.alerts";
    /** Latest status per session, compacted. */
    public static final String STATUS = "vitals.status";

    /**
     * What clinicians recorded about each session (registration, dose, end), compacted and
     * keyed by session id: every instance reads all of it, so the instance that owns a
     * session's readings knows its timeline.
     */
    public static final String SESSIONS = "vitals.sessions";

    /**
     * Internal: the rule engine's alert transitions, keyed by session id, in the order the rules
     * produced them. The alert lifecycle consumer stores them in PostgreSQL in batches and then
     * publishes {@link #ALERTS}, so that neither a slow nor an absent database holds up evaluation.
     */
    public static final String ALERT_TRANSITIONS = "dosewatch.alert-transitions";

    /**
     * Internal: the wall clock as the evaluation reads it, one tick a second on every partition
     * (the same partitions as {@link #READINGS}) from every instance. The rule engine takes the
     * ticks in time order with the frames, so silence is judged on the log: a restart, a takeover,
     * a broker outage or a backlog makes nobody look silent whose frames wait to be read, and
     * frames evaluated again after a crash meet the same ticks.
     */
    public static final String CLOCK = "dosewatch.clock";

    /** Header on a dead-lettered record that says, for a person, why it was rejected. */
    public static final String DLQ_REASON = "dlq-reason";

    /** Partitions the local stack and the tests create; the unit of scale-out. */
    public static final int DEFAULT_PARTITIONS = 6;

    private Topics() {
    }
}
