package org.dosewatch.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.dosewatch.monitor.Priority;
import org.dosewatch.monitor.Transition;

/**
 * The alert lifecycle of docs/clinical-rules.md (IEC 60601-1-8, IHE PCD ACM), as pure functions
 * from an alert and what happened to the alert after it and the events to store:
 *
 * <ul>
 * <li>a rule raises an episode: ACTIVE, condition present;</li>
 * <li>its condition clears: MEDIUM and LOW (non-latching) and acknowledged alerts are RESOLVED;
 *     an unacknowledged HIGH alert latches, ACTIVE with the condition absent (CLEARED);</li>
 * <li>a clinician acknowledges an ACTIVE alert: ACKNOWLEDGED, or at once RESOLVED when its
 *     condition has already gone;</li>
 * <li>the session ends: every alert still open is RESOLVED, latched or not, with the clinician
 *     who ended it, so no alert of a patient who has left keeps escalating;</li>
 * <li>an ACTIVE HIGH alert nobody acknowledged escalates after its interval and every interval
 *     after (MEDIUM after its own, longer interval); LOW never does.</li>
 * </ul>
 *
 * A transition the alert already reflects (a replay of readings) changes nothing.
 */
final class AlertLifecycle {

    record Change(Alert alert, List<AlertEvent> events) {
    }

    private AlertLifecycle() {
    }

    /**
     * {@code session}: the session's room, patient and unit, which a raised alert keeps, and for
     * an ENDED transition the clinician who ended it; null when the record is not known.
     */
    static Optional<Change> onTransition(Alert current, Transition t, String evidenceJson, Instant now,
                                         SessionRecord session) {
        SessionRecord known = session == null ? SessionRecord.UNKNOWN : session;
        if (t.type() == Transition.Type.RAISED) {
            if (current != null) {
                return Optional.empty();
            }
            Alert raised = new Alert(t.alertId(), t.sessionId(), known.room(), known.patientRef(), known.unit(), t.rule(), t.kind(), t.priority(), 1, AlertState.ACTIVE,
                    true, 0, t.vital() == null ? null : t.vital().field(), number(t.value()), number(t.threshold()),
                    number(t.worstValue()), t.message(), evidenceJson, t.onsetTs(), t.readingTs(), now, null, null, null,
                    null, null, null);
            return Optional.of(new Change(raised, List.of(AlertEvent.of(raised, AlertEventType.RAISED, now, null, null))));
        }
        if (current == null || current.state() == AlertState.RESOLVED || !t.readingTs().isAfter(current.readingTs())) {
            return Optional.empty();
        }
        return Optional.of(switch (t.type()) {
            case UPDATED -> change(current.next(current.priority(), current.state(), true, current.escalationLevel(),
                    number(t.value()), number(t.worstValue()), t.message(), t.readingTs(), current.acknowledgedBy(),
                    current.acknowledgedAt(), current.ackNote(), null, current.escalatedAt()), AlertEventType.UPDATED, now);
            case ESCALATED -> change(current.next(t.priority(), current.state(), current.conditionPresent(),
                    current.escalationLevel(), number(t.value()), number(t.worstValue()), t.message(), t.readingTs(),
                    current.acknowledgedBy(), current.acknowledgedAt(), current.ackNote(), null, current.escalatedAt()),
                    AlertEventType.ESCALATED, now);
            case CLEARED -> cleared(current, t, now);
            case ENDED -> sessionEnded(current, t.readingTs(), now, known.endedBy());
            case RAISED -> throw new IllegalStateException("handled above");
        });
    }

    private static Change cleared(Alert current, Transition t, Instant now) {
        boolean latches = current.state() == AlertState.ACTIVE && current.latching();
        Alert after = current.next(current.priority(), latches ? AlertState.ACTIVE : AlertState.RESOLVED, false,
                current.escalationLevel(), current.value(), current.worstValue(), t.message(), t.readingTs(),
                current.acknowledgedBy(), current.acknowledgedAt(), current.ackNote(), latches ? null : now,
                current.escalatedAt());
        return change(after, latches ? AlertEventType.CLEARED : AlertEventType.RESOLVED, now);
    }

    /**
     * The session ended: the alert is RESOLVED whatever its state, latched or acknowledged, with
     * who ended the session. Comes from the rule engine for episodes it still had open, and from
     * the alert service for alerts it holds open after their condition went (latched HIGH).
     */
    static Change sessionEnded(Alert current, Instant readingTs, Instant now, String endedBy) {
        String why = endedBy == null ? "Session ended" : "Session ended by " + endedBy;
        Alert after = current.next(current.priority(), AlertState.RESOLVED, false, current.escalationLevel(),
                current.value(), current.worstValue(), why, readingTs, current.acknowledgedBy(),
                current.acknowledgedAt(), current.ackNote(), now, current.escalatedAt());
        return new Change(after, List.of(AlertEvent.of(after, AlertEventType.RESOLVED, now, endedBy, why)));
    }

    /** A clinician acknowledges an ACTIVE alert. */
    static Change acknowledge(Alert current, String by, String note, AckReason reason, Instant now) {
        if (current.state() != AlertState.ACTIVE) {
            throw new IllegalStateException("only an ACTIVE alert can be acknowledged");
        }
        Alert acknowledged = current.next(current.priority(), AlertState.ACKNOWLEDGED, current.conditionPresent(),
                current.escalationLevel(), current.value(), current.worstValue(), current.message(), current.readingTs(),
                by, now, note, null, current.escalatedAt()).withAckReason(reason);
        AlertEvent ack = AlertEvent.of(acknowledged, AlertEventType.ACKNOWLEDGED, now, by, note);
        if (current.conditionPresent()) {
            return new Change(acknowledged, List.of(ack));
        }
        Alert resolved = acknowledged.next(acknowledged.priority(), AlertState.RESOLVED, false,
                acknowledged.escalationLevel(), acknowledged.value(), acknowledged.worstValue(), acknowledged.message(),
                acknowledged.readingTs(), by, now, note, now, acknowledged.escalatedAt());
        return new Change(resolved, List.of(ack, AlertEvent.of(resolved, AlertEventType.RESOLVED, now, by, note)));
    }

    /** Escalates an ACTIVE alert nobody has acknowledged, once its interval has passed. */
    static Optional<Change> escalate(Alert current, Instant now, Duration high, Duration medium) {
        if (current.state() != AlertState.ACTIVE || current.priority() == Priority.LOW) {
            return Optional.empty();
        }
        Duration interval = current.priority() == Priority.HIGH ? high : medium;
        Instant since = current.escalatedAt() != null ? current.escalatedAt() : current.raisedAt();
        if (Duration.between(since, now).compareTo(interval) < 0) {
            return Optional.empty();
        }
        Alert escalated = current.next(current.priority(), AlertState.ACTIVE, current.conditionPresent(),
                current.escalationLevel() + 1, current.value(), current.worstValue(), current.message(),
                current.readingTs(), null, null, null, null, now);
        return Optional.of(change(escalated, AlertEventType.ESCALATED, now));
    }

    private static Change change(Alert after, AlertEventType type, Instant now) {
        return new Change(after, List.of(AlertEvent.of(after, type, now, null, null)));
    }

    private static Double number(double value) {
        return Double.isNaN(value) ? null : value;
    }
}
