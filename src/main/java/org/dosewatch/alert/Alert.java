package org.dosewatch.alert;

import java.time.Instant;

import org.dosewatch.monitor.AlertKind;
import org.dosewatch.monitor.Priority;
import org.dosewatch.monitor.RuleId;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * One alert episode as stored and as the REST API answers it (docs/contract.md sections 2 and 3):
 * the fields of an alert event except {@code event}, {@code by} and {@code note}, plus its
 * history ({@code onsetTs}, {@code worstValue}, {@code raisedAt}, acknowledgement with its note and
 * reason, resolution).
 * {@code room}, {@code patientRef} and {@code unit} are the session's when the alert was raised,
 * so the alert names its patient after the session has ended.
 *
 * @param readingTs device time of the newest reading this alert reflects
 * @param evidence  the values that raised it, as a JSON object
 */
public record Alert(
        String alertId,
        String sessionId,
        String room,
        String patientRef,
        String unit,
        RuleId rule,
        AlertKind kind,
        Priority priority,
        int version,
        AlertState state,
        boolean conditionPresent,
        int escalationLevel,
        String vital,
        Double value,
        Double threshold,
        Double worstValue,
        String message,
        @JsonRawValue String evidence,
        Instant onsetTs,
        Instant readingTs,
        Instant raisedAt,
        String acknowledgedBy,
        Instant acknowledgedAt,
        String ackNote,
        AckReason ackReason,
        Instant resolvedAt,
        @JsonIgnore Instant escalatedAt) {

    /** HIGH alerts latch: they stay ACTIVE after their condition clears, until acknowledged. */
    public boolean latching() {
        return priority == Priority.HIGH;
    }

    Alert next(Priority priority, AlertState state, boolean conditionPresent, int escalationLevel, Double value,
               Double worstValue, String message, Instant readingTs, String acknowledgedBy, Instant acknowledgedAt,
               String ackNote, Instant resolvedAt, Instant escalatedAt) {
        return new Alert(alertId, sessionId, room, patientRef, unit, rule, kind, priority, version + 1, state, conditionPresent, escalationLevel,
                vital, value, threshold, worstValue, message, evidence, onsetTs, readingTs, raisedAt, acknowledgedBy,
                acknowledgedAt, ackNote, ackReason, resolvedAt, escalatedAt);
    }

    /** The same alert, acknowledged for this reason (null: none given). */
    Alert withAckReason(AckReason reason) {
        return new Alert(alertId, sessionId, room, patientRef, unit, rule, kind, priority, version, state, conditionPresent,
                escalationLevel, vital, value, threshold, worstValue, message, evidence, onsetTs, readingTs, raisedAt,
                acknowledgedBy, acknowledgedAt, ackNote, reason, resolvedAt, escalatedAt);
    }
}
