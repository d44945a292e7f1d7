-- A supervised dosing session. The phase is derived from dose_at and ended_at, never stored.
CREATE TABLE dosing_session (
    id              VARCHAR(64)  PRIMARY KEY,
    registered      BOOLEAN      NOT NULL,
    patient_ref     VARCHAR(128),
    room            VARCHAR(64),
    drug            VARCHAR(16),
    route           VARCHAR(16),
    planned_dose_mg DOUBLE PRECISION,
    weight_kg       DOUBLE PRECISION,
    profile         VARCHAR(64),
    baseline_hr     DOUBLE PRECISION,
    baseline_sbp    DOUBLE PRECISION,
    baseline_dbp    DOUBLE PRECISION,
    baseline_rr     DOUBLE PRECISION,
    baseline_spo2   DOUBLE PRECISION,
    baseline_etco2  DOUBLE PRECISION,
    created_at      TIMESTAMPTZ  NOT NULL,
    created_by      VARCHAR(128),
    dose_mg         DOUBLE PRECISION,
    dose_at         TIMESTAMPTZ,
    dosed_by        VARCHAR(128),
    ended_at        TIMESTAMPTZ,
    ended_by        VARCHAR(128),
    discharge_ready_at_end BOOLEAN,
    version         BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT dosing_session_drug CHECK (drug IN ('KETAMINE', 'ESKETAMINE')),
    CONSTRAINT dosing_session_route CHECK (route IN ('IV', 'IM', 'INTRANASAL', 'SUBLINGUAL', 'ORAL'))
);

CREATE INDEX dosing_session_open ON dosing_session (created_at DESC) WHERE ended_at IS NULL;
