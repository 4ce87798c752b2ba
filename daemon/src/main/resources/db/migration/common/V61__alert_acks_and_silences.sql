-- Acknowledgements and silences of alerts (docs/alerts.md, "Acknowledge and silence"). Relation names are
-- mirrored in io.poolpilot.daemon.detect.AlertRelations.

-- Who acknowledged an alert, when, and why: set once (a second acknowledgement is refused), never cleared.
ALTER TABLE alert ADD COLUMN acknowledged_by text;
ALTER TABLE alert ADD COLUMN acknowledged_at timestamptz;
ALTER TABLE alert ADD COLUMN ack_note        text;

-- A silence mutes notifications of the alerts its matchers select (null = any) from starts_at until ends_at,
-- like an Alertmanager silence; a silenced alert is still stored and served. Expiring a silence moves ends_at
-- to the moment it was expired, so the record stays.
CREATE TABLE alert_silence (
    silence_id uuid        PRIMARY KEY,
    kind       text,
    pool_name  text,
    host_uuid  text,
    sr_uuid    text,
    starts_at  timestamptz NOT NULL,
    ends_at    timestamptz NOT NULL,
    created_by text        NOT NULL,
    created_at timestamptz NOT NULL,
    comment    text        NOT NULL,
    expired_by text,
    CHECK (ends_at > starts_at OR expired_by IS NOT NULL),
    CHECK (kind IS NOT NULL OR pool_name IS NOT NULL OR host_uuid IS NOT NULL OR sr_uuid IS NOT NULL)
);
CREATE INDEX alert_silence_ends ON alert_silence (ends_at);
