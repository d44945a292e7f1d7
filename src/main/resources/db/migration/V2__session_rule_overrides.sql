-- The numbers of the rule profile a clinician changed for this session, as a JSON object
-- ({"spo2-low.limit": "88"}); NULL for the default profile.
ALTER TABLE dosing_session ADD COLUMN rule_overrides TEXT;
