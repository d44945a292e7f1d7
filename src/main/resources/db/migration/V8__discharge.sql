-- The newest recovery findings of the nurse observations, which the discharge gate reads, and
-- when the patient first met every discharge criterion (kept for the esketamine REMS form: "when
-- would this patient have been ready to leave").
ALTER TABLE dosing_session ADD COLUMN moaas SMALLINT;
ALTER TABLE dosing_session ADD COLUMN aldrete SMALLINT;
ALTER TABLE dosing_session ADD COLUMN sedation BOOLEAN;
ALTER TABLE dosing_session ADD COLUMN dissociation BOOLEAN;
ALTER TABLE dosing_session ADD COLUMN respiratory_depression BOOLEAN;
ALTER TABLE dosing_session ADD COLUMN ready_at TIMESTAMPTZ;
