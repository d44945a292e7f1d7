package org.dosewatch.alert;

import java.time.Instant;

import org.dosewatch.monitor.AlertKind;
import org.dosewatch.monitor.Priority;
import org.dosewatch.monitor.RuleId;

/**
 * One alert lifecycle event, as published on {@code vitals.alerts} and listed in an alert's
 * audit trail (docs/contract.md section 2). {@code version} is the alert's version after it;
 * consumers treat ({@code alertId}, {@code version}) as idempotent. An ACKNOWLEDGED event carries
 * the clinician's {@code reason} when one was given. {@code room},
 * {@code patientRef} and {@code unit} name the session's patient, where its record gives them.
 */
public record AlertEvent(
        String alertId, String sessionId, String room, String patientRef, String unit,
        RuleId rule, AlertKind kind, Priority priority,
        AlertEventType event, int version, AlertState state, boolean conditionPresent, int escalationLevel,
        String vital, Double value, Double threshold, Double worstValue, String message,
        Instant onsetTs, Instant readingTs,
        Instant at, String by, String note, AckReason reason) {

    static AlertEvent of(Alert alert, AlertEventType event, Instant at, String by, String note) {
        return new AlertEvent(alert.alertId(), alert.sessionId(), alert.room(), alert.patientRef(), alert.unit(), alert.rule(), alert.kind(), alert.priority(), event,
                alert.version(), alert.state(), alert.conditionPresent(), alert.escalationLevel(), alert.vital(),
                alert.value(), alert.threshold(), alert.worstValue(), alert.message(), alert.onsetTs(), alert.readingTs(),
                at, by, note, event == AlertEventType.ACKNOWLEDGED ? alert.ackReason() : null);
    }
}
