-- Why an alert was acknowledged (ACTIONABLE, NOT_ACTIONABLE, TECHNICAL; null: not said), on the
-- alert and on its ACKNOWLEDGED event, for the alarm-burden report.
ALTER TABLE alert ADD COLUMN ack_reason VARCHAR(16)
    CONSTRAINT alert_ack_reason CHECK (ack_reason IN ('ACTIONABLE', 'NOT_ACTIONABLE', 'TECHNICAL'));
ALTER TABLE alert_event ADD COLUMN reason VARCHAR(16);
-- The report reads the alerts raised in a window.
CREATE INDEX alert_raised ON alert (raised_at);
