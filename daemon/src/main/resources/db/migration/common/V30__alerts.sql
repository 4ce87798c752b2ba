-- Alerts raised by detection. Relation names are mirrored in io.poolpilot.daemon.detect.AlertRelations.

CREATE TABLE alert (
    alert_id   bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pool_name  text        NOT NULL,
    kind       text        NOT NULL,
    subject    text        NOT NULL,
    severity   text        NOT NULL,
    message    text        NOT NULL,
    raised_at  timestamptz NOT NULL,
    cleared_at timestamptz
);
-- At most one open alert per (pool, kind, subject): raising one that is open already is a no-op,
-- even when two daemons evaluate the same pool at once.
CREATE UNIQUE INDEX alert_open_uq ON alert (pool_name, kind, subject) WHERE cleared_at IS NULL;
