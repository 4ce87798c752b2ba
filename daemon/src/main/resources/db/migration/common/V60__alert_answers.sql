-- Answers to alerts (io.poolpilot.daemon.answer): what the policy does about an alert by itself, as an
-- operation with steps and reasons. Relation names are mirrored in io.poolpilot.daemon.answer.AnswerStore.

CREATE TABLE alert_answer (
    answer_id   uuid        PRIMARY KEY,
    alert_id    bigint      NOT NULL REFERENCES alert (alert_id),
    pool_name   text        NOT NULL,
    kind        text        NOT NULL,
    state       text        NOT NULL CHECK (state IN ('waiting', 'proposed', 'approved', 'running', 'succeeded',
                                                      'failed', 'cancelled', 'rejected')),
    subject     text        NOT NULL,
    reason      text        NOT NULL,
    state_reason text,
    due_at      timestamptz NOT NULL,
    decided_by  text,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
-- One answer of each kind per alert, ever: an answer is never run twice for one alert, even when two
-- daemons briefly both believe they hold the pool's lease.
CREATE UNIQUE INDEX alert_answer_once ON alert_answer (alert_id, kind);
CREATE INDEX alert_answer_active ON alert_answer (pool_name, state)
    WHERE state IN ('waiting', 'proposed', 'approved', 'running');

-- One row per VM the answer acts on; written before and after each XAPI call, so a daemon that restarts
-- or takes the pool over knows which VMs are done and looks at the VM itself before calling again.
CREATE TABLE alert_answer_step (
    answer_id   uuid        NOT NULL REFERENCES alert_answer (answer_id),
    step_index  integer     NOT NULL,
    action      text        NOT NULL,
    vm_uuid     text        NOT NULL,
    vm_name     text        NOT NULL,
    host_uuid   text,
    status      text        NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed', 'skipped')),
    outcome     text,
    started_at  timestamptz,
    finished_at timestamptz,
    PRIMARY KEY (answer_id, step_index)
);
