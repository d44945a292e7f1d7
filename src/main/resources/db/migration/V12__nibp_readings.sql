-- Each NIBP reading of a session at the time its monitor took it: the protocol's checks, the
-- REMS form and the exports name when a blood pressure was taken, not the 15-second summary
-- that holds it. Written with the history's batches, never on the path of a reading.
CREATE TABLE nibp_reading (
    session_id VARCHAR(64)      NOT NULL,
    ts         TIMESTAMPTZ      NOT NULL,
    sbp        DOUBLE PRECISION NOT NULL,
    dbp        DOUBLE PRECISION NOT NULL,
    map        DOUBLE PRECISION,
    PRIMARY KEY (session_id, ts)
);

-- Sessions recorded before: their readings as the summaries kept them (at the summary's start).
INSERT INTO nibp_reading (session_id, ts, sbp, dbp)
SELECT s.session_id, s.bucket_start, s.mean_value, d.mean_value
FROM vitals_history s
JOIN vitals_history d ON d.session_id = s.session_id AND d.bucket_start = s.bucket_start AND d.vital = 'dbp'
WHERE s.vital = 'sbp';
