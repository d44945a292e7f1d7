package org.dosewatch.alert;

/**
 * Why a clinician acknowledged an alert, for the alarm-burden report: the alert called for
 * action, it was true but called for none, or it came from the equipment rather than the patient.
 */
public enum AckReason {
    ACTIONABLE, NOT_ACTIONABLE, TECHNICAL
}
