package org.dosewatch.alert;

/** What happened to an alert (docs/contract.md section 2). */
public enum AlertEventType {
    RAISED, UPDATED, ESCALATED, ACKNOWLEDGED, CLEARED, RESOLVED
}
