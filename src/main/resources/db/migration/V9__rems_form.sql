-- What the esketamine REMS Patient Monitoring Form asks that the service cannot know (the lot
-- number, the concomitant medications), entered by a clinician, and when the form was first
-- exported: a form not exported within 7 days of the session is late.
ALTER TABLE dosing_session ADD COLUMN lot_number VARCHAR(64);
ALTER TABLE dosing_session ADD COLUMN concomitant_medications TEXT;
ALTER TABLE dosing_session ADD COLUMN rems_exported_at TIMESTAMPTZ;
CREATE INDEX dosing_session_rems_pending ON dosing_session (ended_at) WHERE rems_exported_at IS NULL AND drug = 'ESKETAMINE';
