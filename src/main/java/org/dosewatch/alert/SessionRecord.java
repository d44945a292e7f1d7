package org.dosewatch.alert;

/**
 * What an alert takes from its session's record: the room, patient and unit a raised alert
 * keeps, and who ended the session, for the audit trail of the alerts its ending resolves.
 */
record SessionRecord(String room, String patientRef, String unit, String endedBy) {

    static final SessionRecord UNKNOWN = new SessionRecord(null, null, null, null);
}
