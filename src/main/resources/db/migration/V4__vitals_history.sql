-- Each session's vitals, downsampled to 15-second buckets of device time (min, mean, max),
-- for the session chart. Written in batches, never on the path of a reading.
CREATE TABLE vitals_history (
    session_id   VARCHAR(64)      NOT NULL,
    bucket_start TIMESTAMPTZ      NOT NULL,
    vital        VARCHAR(8)       NOT NULL,
    min_value    DOUBLE PRECISION NOT NULL,
    mean_value   DOUBLE PRECISION NOT NULL,
    max_value    DOUBLE PRECISION NOT NULL,
    samples      INT              NOT NULL,
    PRIMARY KEY (session_id, bucket_start, vital)
);
