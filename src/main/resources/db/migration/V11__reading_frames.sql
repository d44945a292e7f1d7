-- Every frame the rule engine evaluated, as it came (device time and the time it was received),
-- for the review of a session's alarms under another rule profile (what-if). Written in batches
-- by COPY, never on the path of a reading; kept for dosewatch.review.retention.
-- No unique key: a frame evaluated again after a crash is stored twice and read once
-- (the same device, seq and ts).
CREATE TABLE reading_frame (
    id          BIGINT GENERATED ALWAYS AS IDENTITY,
    session_id  VARCHAR(64)      NOT NULL,
    device_id   VARCHAR(64)      NOT NULL,
    seq         BIGINT           NOT NULL,
    ts          TIMESTAMPTZ      NOT NULL,
    received_at TIMESTAMPTZ      NOT NULL,
    hr          DOUBLE PRECISION,
    spo2        DOUBLE PRECISION,
    rr          DOUBLE PRECISION,
    etco2       DOUBLE PRECISION,
    sbp         DOUBLE PRECISION,
    dbp         DOUBLE PRECISION,
    map         DOUBLE PRECISION
);

-- A session's frames in the order they were evaluated.
CREATE INDEX reading_frame_session ON reading_frame (session_id, id);
-- Retention removes the oldest; rows arrive in received order, so a block range index is enough.
CREATE INDEX reading_frame_received ON reading_frame USING brin (received_at);
