-- A session's unit (clinic, site or ward), so a station shows its own patients; and the room,
-- patient and unit an alert was raised for, kept on the alert so that it names its patient
-- after the session has ended and a feed can pass a unit's alerts without asking the database.
ALTER TABLE dosing_session ADD COLUMN unit VARCHAR(64);
CREATE INDEX dosing_session_open_unit ON dosing_session (unit, created_at DESC) WHERE ended_at IS NULL;

ALTER TABLE alert ADD COLUMN room VARCHAR(64);
ALTER TABLE alert ADD COLUMN patient_ref VARCHAR(128);
ALTER TABLE alert ADD COLUMN unit VARCHAR(64);
UPDATE alert a SET room = s.room, patient_ref = s.patient_ref FROM dosing_session s WHERE s.id = a.session_id;
CREATE INDEX alert_open_unit ON alert (unit) WHERE state <> 'RESOLVED';
