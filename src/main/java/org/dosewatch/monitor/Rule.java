package org.dosewatch.monitor;

/**
 * One alert rule of docs/clinical-rules.md. A rule reads what the session's monitor has observed
 * up to the current frame and tells the session's {@link Alerts} what it sees. Each session
 * has its own rule instances, so a rule keeps its own state in plain fields.
 */
interface Rule {

    /** A new frame has been observed (device time {@link SessionMonitor#now()}). */
    void evaluate(SessionMonitor session, Alerts alerts);

    /** The wall clock moved on with no frame: only rules that watch for silence care. */
    default void tick(SessionMonitor session, long wallMillis, Alerts alerts) {
    }

    /** Writes what the rule remembers between frames; times relative to {@code base}. */
    default void save(StateOut out, long base) {
    }

    /** Reads back what {@link #save} wrote into this rule, built for the same session. */
    default void restore(StateIn in, long base) {
    }
}
