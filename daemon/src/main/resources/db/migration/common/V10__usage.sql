-- Metered usage (io.poolpilot.daemon.usage) and billing reads (io.poolpilot.daemon.billing).
-- Relation names are mirrored in io.poolpilot.daemon.usage.UsageRelations. Same in both storage flavours.

-- Closed hour records and adjustments: append-only, never updated. record_seq is the feed cursor:
-- the meter allocates it while holding a transaction-scoped advisory lock, so seq order = commit order.
CREATE TABLE usage_record (
    record_seq              bigserial   PRIMARY KEY,
    record_id               uuid        NOT NULL UNIQUE,
    kind                    text        NOT NULL CHECK (kind IN ('hour', 'adjustment')),
    revision                integer     NOT NULL CHECK (revision >= 0),
    vm_uuid                 text        NOT NULL,
    pool_uuid               text        NOT NULL,
    account                 text,
    hour_start              timestamptz NOT NULL,
    covered_seconds         double precision NOT NULL,
    coverage                double precision NOT NULL,
    running_seconds         double precision NOT NULL,
    vcpu_seconds            double precision NOT NULL,
    cpu_seconds             double precision NOT NULL,
    memory_gib_hours        double precision NOT NULL,
    memory_used_gib_hours   double precision NOT NULL,
    memory_used_seconds     double precision NOT NULL,
    disk_read_bytes         double precision NOT NULL,
    disk_write_bytes        double precision NOT NULL,
    net_rx_bytes            double precision NOT NULL,
    net_tx_bytes            double precision NOT NULL,
    samples                 integer     NOT NULL,
    closed_at               timestamptz NOT NULL
);
CREATE INDEX usage_record_vm_hour_idx ON usage_record (vm_uuid, hour_start);
CREATE INDEX usage_record_account_hour_idx ON usage_record (account, hour_start);

-- Per-account hourly rollup, maintained by the meter in the transaction that writes the records
-- (final and adjustment records both add into the hour they are about). vm_hours counts final records.
CREATE TABLE usage_account_hour (
    account                 text        NOT NULL,
    hour_start              timestamptz NOT NULL,
    vm_hours                integer     NOT NULL,
    covered_seconds         double precision NOT NULL,
    running_seconds         double precision NOT NULL,
    vcpu_seconds            double precision NOT NULL,
    cpu_seconds             double precision NOT NULL,
    memory_gib_hours        double precision NOT NULL,
    memory_used_gib_hours   double precision NOT NULL,
    disk_read_bytes         double precision NOT NULL,
    disk_write_bytes        double precision NOT NULL,
    net_rx_bytes            double precision NOT NULL,
    net_tx_bytes            double precision NOT NULL,
    PRIMARY KEY (account, hour_start)
);

-- Per-account daily rollup, maintained the same way (month totals read 31 rows per account, not 744).
CREATE TABLE usage_account_day (LIKE usage_account_hour INCLUDING ALL);
ALTER TABLE usage_account_day RENAME COLUMN hour_start TO day_start;

CREATE VIEW usage_account_month AS
SELECT account, date_trunc('month', day_start, 'UTC') AS month_start,
       sum(vm_hours)::bigint AS vm_hours, sum(covered_seconds) AS covered_seconds,
       sum(running_seconds) AS running_seconds, sum(vcpu_seconds) AS vcpu_seconds, sum(cpu_seconds) AS cpu_seconds,
       sum(memory_gib_hours) AS memory_gib_hours, sum(memory_used_gib_hours) AS memory_used_gib_hours,
       sum(disk_read_bytes) AS disk_read_bytes, sum(disk_write_bytes) AS disk_write_bytes,
       sum(net_rx_bytes) AS net_rx_bytes, sum(net_tx_bytes) AS net_tx_bytes
FROM usage_account_day GROUP BY 1, 2;

-- The meter's working state, written in the same transaction as the records and the meter's
-- journal_watermark row: open hours (amounts so far + which instants were seen) and, for a few
-- days, the instants seen in closed hours so that late duplicates are recognised.
CREATE TABLE usage_meter_state (
    vm_uuid    text        NOT NULL,
    hour_start timestamptz NOT NULL,
    closed     boolean     NOT NULL,
    state      bytea       NOT NULL,
    PRIMARY KEY (vm_uuid, hour_start)
);

-- Billing account of each VM over time (from the configured other_config key), changes only.
CREATE TABLE usage_vm_account (
    vm_uuid    text        NOT NULL,
    valid_from timestamptz NOT NULL,
    account    text,
    PRIMARY KEY (vm_uuid, valid_from)
);

-- Suspend / resume operations on accounts: progress and audit trail.
CREATE TABLE account_control (
    operation_id uuid        PRIMARY KEY,
    account      text        NOT NULL,
    action       text        NOT NULL,
    mode         text,
    reason       text,
    actor        text        NOT NULL,
    state        text        NOT NULL,
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz,
    steps        jsonb       NOT NULL DEFAULT '[]'::jsonb
);
CREATE INDEX account_control_account_idx ON account_control (account, started_at);
