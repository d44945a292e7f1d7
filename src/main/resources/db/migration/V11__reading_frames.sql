-- Every frame the rule engine evaluated, as it came (device time and the time it was received),
-- for the review of a session's alarms under another rule profile (what-if). Written by a
-- binary COPY every second, never on the path of a reading: one row per session and write,
-- holding that second's frames of the session as parallel arrays (a backlog read at 60,000
-- frames a second writes a few thousand rows, not 60,000). Kept for dosewatch.review.retention.
CREATE TABLE reading_frames (
    id             BIGINT GENERATED ALWAYS AS IDENTITY,
    session_id     VARCHAR(64)        NOT NULL,
    first_received TIMESTAMPTZ        NOT NULL,
    last_received  TIMESTAMPTZ        NOT NULL,
    device_id      TEXT[]             NOT NULL,
    seq            BIGINT[]           NOT NULL,
    ts             TIMESTAMPTZ[]      NOT NULL,
    received_at    TIMESTAMPTZ[]      NOT NULL,
    hr             DOUBLE PRECISION[] NOT NULL,
    spo2           DOUBLE PRECISION[] NOT NULL,
    rr             DOUBLE PRECISION[] NOT NULL,
    etco2          DOUBLE PRECISION[] NOT NULL,
    sbp            DOUBLE PRECISION[] NOT NULL,
    dbp            DOUBLE PRECISION[] NOT NULL,
    map            DOUBLE PRECISION[] NOT NULL
);

-- A session's writes in the order they were made.
CREATE INDEX reading_frames_session ON reading_frames (session_id, id);
-- Retention removes the oldest; rows arrive in received order, so a block range index is enough.
CREATE INDEX reading_frames_received ON reading_frames USING brin (last_received);

-- One row per frame, in the order they were evaluated (write, then place in it). A vital the
-- frame did not carry is null. No unique key: a frame evaluated again after a crash is stored
-- twice (same device, seq and ts) and read once.
CREATE VIEW reading_frame AS
SELECT b.session_id, b.id AS write_id, f.n, f.device_id, f.seq, f.ts, f.received_at, f.hr, f.spo2, f.rr, f.etco2,
       f.sbp, f.dbp, f.map
FROM reading_frames b,
     unnest(b.device_id, b.seq, b.ts, b.received_at, b.hr, b.spo2, b.rr, b.etco2, b.sbp, b.dbp, b.map)
         WITH ORDINALITY AS f(device_id, seq, ts, received_at, hr, spo2, rr, etco2, sbp, dbp, map, n);
