-- One row per alert episode, by its deterministic id (session, rule, onset device time), and
-- the append-only audit trail of every event it went through.
CREATE TABLE alert (
    alert_id          VARCHAR(64)  PRIMARY KEY,
    session_id        VARCHAR(64)  NOT NULL,
    rule              VARCHAR(32)  NOT NULL,
    kind              VARCHAR(16)  NOT NULL,
    priority          VARCHAR(8)   NOT NULL,
    state             VARCHAR(16)  NOT NULL,
    condition_present BOOLEAN      NOT NULL,
    escalation_level  INT          NOT NULL DEFAULT 0,
    vital             VARCHAR(8),
    value             DOUBLE PRECISION,
    threshold         DOUBLE PRECISION,
    worst_value       DOUBLE PRECISION,
    message           TEXT         NOT NULL,
    evidence          TEXT,
    onset_ts          TIMESTAMPTZ  NOT NULL,
    reading_ts        TIMESTAMPTZ  NOT NULL,
    raised_at         TIMESTAMPTZ  NOT NULL,
    acknowledged_by   VARCHAR(128),
    acknowledged_at   TIMESTAMPTZ,
    ack_note          TEXT,
    resolved_at       TIMESTAMPTZ,
    escalated_at      TIMESTAMPTZ,
    version           INT          NOT NULL,
    CONSTRAINT alert_state CHECK (state IN ('ACTIVE', 'ACKNOWLEDGED', 'RESOLVED')),
    CONSTRAINT alert_priority CHECK (priority IN ('HIGH', 'MEDIUM', 'LOW'))
);

CREATE INDEX alert_session ON alert (session_id, raised_at DESC);
CREATE INDEX alert_unresolved ON alert (raised_at) WHERE state <> 'RESOLVED';

CREATE TABLE alert_event (
    alert_id          VARCHAR(64)  NOT NULL REFERENCES alert (alert_id),
    version           INT          NOT NULL,
    event             VARCHAR(16)  NOT NULL,
    state             VARCHAR(16)  NOT NULL,
    priority          VARCHAR(8)   NOT NULL,
    condition_present BOOLEAN      NOT NULL,
    escalation_level  INT          NOT NULL,
    value             DOUBLE PRECISION,
    message           TEXT,
    reading_ts        TIMESTAMPTZ,
    at                TIMESTAMPTZ  NOT NULL,
    by_user           VARCHAR(128),
    note              TEXT,
    published_at      TIMESTAMPTZ,
    PRIMARY KEY (alert_id, version)
);

CREATE INDEX alert_event_unpublished ON alert_event (at) WHERE published_at IS NULL;
