-- VM actions and host maintenance requested through the API (io.poolpilot.daemon.operate).
CREATE TABLE control_operation (
    operation_id    uuid PRIMARY KEY,
    action          text NOT NULL,
    target_type     text NOT NULL CHECK (target_type IN ('vm', 'host')),
    target_uuid     text NOT NULL,
    pool            text NOT NULL,
    host_uuid       text,
    plan_id         uuid,
    state           text NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed')),
    reason          text NOT NULL,
    actor           text NOT NULL,
    problem_kind    text,
    problem_detail  text,
    idempotency_key text,
    fingerprint     text NOT NULL,
    created_at      timestamptz NOT NULL,
    started_at      timestamptz,
    finished_at     timestamptz
);

-- One operation per caller and key: a retry with the same key finds the first one.
CREATE UNIQUE INDEX control_operation_idempotency ON control_operation (actor, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
