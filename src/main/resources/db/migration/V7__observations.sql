-- Nurse observations: sedation, agitation, dissociation and recovery scores, the NEWS2
-- parameters a monitor does not measure, and a note. Append-only: an observation is part of the
-- audit trail and never changes; a correction is a new one.
CREATE TABLE observation (
    id                     BIGSERIAL    PRIMARY KEY,
    session_id             VARCHAR(64)  NOT NULL REFERENCES dosing_session (id),
    at                     TIMESTAMPTZ  NOT NULL,
    recorded_at            TIMESTAMPTZ  NOT NULL,
    recorded_by            VARCHAR(128) NOT NULL,
    moaas                  SMALLINT     CHECK (moaas BETWEEN 0 AND 5),
    rass                   SMALLINT     CHECK (rass BETWEEN -5 AND 4),
    cadss                  SMALLINT     CHECK (cadss BETWEEN 0 AND 92),
    aldrete                SMALLINT     CHECK (aldrete BETWEEN 0 AND 10),
    consciousness          VARCHAR(1)   CHECK (consciousness IN ('A', 'C', 'V', 'P', 'U')),
    supplemental_o2        BOOLEAN,
    temperature            DOUBLE PRECISION CHECK (temperature BETWEEN 25 AND 45),
    sedation               BOOLEAN,
    dissociation           BOOLEAN,
    respiratory_depression BOOLEAN,
    note                   TEXT
);
CREATE INDEX observation_session ON observation (session_id, at, id);

CREATE FUNCTION observation_unchangeable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'an observation is never changed or deleted; record a correction as a new one';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER observation_append_only BEFORE UPDATE OR DELETE ON observation
    FOR EACH ROW EXECUTE FUNCTION observation_unchangeable();

-- The newest recorded NEWS2 parameters the monitor does not measure, which the rule engine scores
-- from then on.
ALTER TABLE dosing_session ADD COLUMN consciousness VARCHAR(1);
ALTER TABLE dosing_session ADD COLUMN supplemental_o2 BOOLEAN;
ALTER TABLE dosing_session ADD COLUMN temperature DOUBLE PRECISION;
