-- Session changes waiting to be published on vitals.sessions. A row is written in the same
-- transaction as the change it describes, so a change is never stored without its event; the
-- publisher sends pending rows in id order and marks them published.
CREATE TABLE session_outbox (
    id           BIGSERIAL    PRIMARY KEY,
    session_id   VARCHAR(64)  NOT NULL,
    payload      TEXT         NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL,
    published_at TIMESTAMPTZ
);
CREATE INDEX session_outbox_pending ON session_outbox (id) WHERE published_at IS NULL;
