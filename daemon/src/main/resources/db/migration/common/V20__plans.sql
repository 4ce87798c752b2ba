-- Plans, their steps, the audit log, per-pool policies and the per-pool execution lease.
-- Relation names are mirrored in io.poolpilot.daemon.plan.PlanRelations.

CREATE TABLE plan (
    plan_id            uuid        PRIMARY KEY,
    pool_name          text        NOT NULL,
    version            bigint      NOT NULL,
    state              text        NOT NULL,
    mode               text        NOT NULL,
    host_uuid          text,
    max_migrations     integer     NOT NULL,
    max_gib            double precision NOT NULL,
    time_limit_seconds integer     NOT NULL,
    -- Filled in when the planner is done: which inventory it saw, where each VM was, what it predicts.
    planned            boolean     NOT NULL DEFAULT false,
    inventory_version  bigint,
    placements         jsonb,
    predicted          jsonb,
    explanation        jsonb,
    created_by         text        NOT NULL,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    expires_at         timestamptz NOT NULL,
    state_reason       text
);
CREATE INDEX plan_pool_idx ON plan (pool_name, created_at DESC, plan_id);
CREATE INDEX plan_open_idx ON plan (pool_name, state) WHERE state IN ('proposed', 'approved', 'executing');

-- One row per migration; the outcome is written before and after the XAPI call, so an owner that
-- takes over a pool knows which steps are done and which task to look at.
CREATE TABLE plan_step (
    plan_id        uuid        NOT NULL REFERENCES plan (plan_id),
    step_index     integer     NOT NULL,
    wave           integer     NOT NULL,
    vm_uuid        text        NOT NULL,
    from_host_uuid text        NOT NULL,
    to_host_uuid   text        NOT NULL,
    memory_bytes   bigint      NOT NULL,
    reason         text        NOT NULL,
    status         text        NOT NULL,
    attempts       integer     NOT NULL DEFAULT 0,
    task_ref       text,
    outcome        text,
    started_at     timestamptz,
    finished_at    timestamptz,
    PRIMARY KEY (plan_id, step_index)
);
CREATE INDEX plan_step_finished_idx ON plan_step (finished_at) WHERE status = 'done';

CREATE TABLE audit_log (
    audit_id bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at       timestamptz NOT NULL,
    actor    text        NOT NULL,
    action   text        NOT NULL,
    target   text        NOT NULL,
    reason   text,
    detail   jsonb       NOT NULL DEFAULT '{}'::jsonb
);

CREATE TABLE pool_policy (
    pool_name           text        PRIMARY KEY,
    version             bigint      NOT NULL,
    mode                text        NOT NULL,
    migrations_per_hour integer     NOT NULL,
    gib_per_hour        double precision NOT NULL,
    quiet_hours         text,
    imbalance_threshold double precision,
    sustained_seconds   integer,
    updated_by          text        NOT NULL,
    updated_at          timestamptz NOT NULL
);

-- Who executes for a pool. Times are the database's own (now()), so daemons need not agree on clocks.
CREATE TABLE pool_lease (
    pool_name  text        PRIMARY KEY,
    owner      text        NOT NULL,
    epoch      bigint      NOT NULL,
    expires_at timestamptz NOT NULL
);
