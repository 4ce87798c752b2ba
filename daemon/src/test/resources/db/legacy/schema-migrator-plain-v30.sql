-- A database as the pre-Flyway SchemaMigrator left it (plain flavour, versions 1, 2, 10, 20, 30),
-- generated from an embedded PostgreSQL 17 that the old code had migrated (commit 3cf1814), with a
-- day partition made by PartitionMaintainer and a few rows in the main tables. Part 1 is the SQL the old
-- migrator ran (its migration files as they were), part 2 its schema_version rows and the daemon's
-- partitions, read back from the catalog, part 3 the rows, read back as JSON. Loaded by SchemaUpgradeTest.

-- Part 1: the old migrations, in the order SchemaMigrator applied them.
-- common/V1__dimensions.sql
-- Dimensions: every pool, host and VM uuid is interned once to a small integer id, so that the
-- sample tables stay narrow and join cheaply. Relation names are mirrored in io.poolpilot.daemon.store.Relations.

CREATE TABLE pool (
    pool_id    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pool_uuid  text        NOT NULL UNIQUE,
    name       text        NOT NULL DEFAULT '',
    first_seen timestamptz NOT NULL,
    last_seen  timestamptz NOT NULL
);

CREATE TABLE host (
    host_id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    host_uuid          text        NOT NULL UNIQUE,
    pool_id            integer     NOT NULL REFERENCES pool (pool_id),
    name               text        NOT NULL DEFAULT '',
    address            text        NOT NULL DEFAULT '',
    cpu_count          integer,
    memory_total_bytes bigint,
    enabled            boolean,
    first_seen         timestamptz NOT NULL,
    last_seen          timestamptz NOT NULL,
    gone_at            timestamptz
);

CREATE TABLE vm (
    vm_id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    vm_uuid         text        NOT NULL UNIQUE,
    pool_id         integer     NOT NULL REFERENCES pool (pool_id),
    name            text        NOT NULL DEFAULT '',
    power_state     text        NOT NULL,
    vcpus           integer     NOT NULL,
    memory_bytes    bigint      NOT NULL,
    billing_account text,
    labels          jsonb       NOT NULL DEFAULT '{}'::jsonb,
    first_seen      timestamptz NOT NULL,
    last_seen       timestamptz NOT NULL,
    gone_at         timestamptz
);
CREATE INDEX vm_billing_account_idx ON vm (billing_account) WHERE billing_account IS NOT NULL;

-- Where each VM ran, as half-open intervals [valid_from, valid_to); valid_to NULL = still there.
CREATE TABLE vm_placement (
    vm_id      integer     NOT NULL REFERENCES vm (vm_id),
    host_id    integer     NOT NULL REFERENCES host (host_id),
    valid_from timestamptz NOT NULL,
    valid_to   timestamptz,
    PRIMARY KEY (vm_id, valid_from)
);
CREATE UNIQUE INDEX vm_placement_open_idx ON vm_placement (vm_id) WHERE valid_to IS NULL;
CREATE INDEX vm_placement_host_idx ON vm_placement (host_id, valid_from);

-- The journal index each reader committed, written in the same transaction as the rows it covers.
CREATE TABLE journal_watermark (
    reader      text        PRIMARY KEY,
    queue_index bigint      NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- plain/V2__samples_plain.sql
-- Plain PostgreSQL flavour: wide sample tables partitioned by day (partitions are created ahead and
-- dropped after retention by the daemon), BRIN on time for range scans, and rollup tables that the
-- daemon maintains from a list of dirty buckets written in the same transaction as the samples.

CREATE TABLE vm_sample (
    ts                          timestamptz      NOT NULL,
    vm_id                       integer          NOT NULL,
    host_id                     integer          NOT NULL,
    step_seconds                integer          NOT NULL,
    vcpus                       integer          NOT NULL,
    cpu_used_cores              double precision,
    memory_bytes                bigint,
    memory_free_bytes           bigint,
    memory_target_bytes         bigint,
    disk_read_bytes_per_second  double precision,
    disk_write_bytes_per_second double precision,
    net_rx_bytes_per_second     double precision,
    net_tx_bytes_per_second     double precision,
    PRIMARY KEY (vm_id, ts)
) PARTITION BY RANGE (ts);
CREATE INDEX vm_sample_ts_brin ON vm_sample USING brin (ts);

CREATE TABLE host_sample (
    ts                      timestamptz      NOT NULL,
    host_id                 integer          NOT NULL,
    step_seconds            integer          NOT NULL,
    cpu_count               integer          NOT NULL,
    cpu_fraction            double precision,
    memory_total_bytes      bigint,
    memory_free_bytes       bigint,
    load_average            double precision,
    net_rx_bytes_per_second double precision,
    net_tx_bytes_per_second double precision,
    PRIMARY KEY (host_id, ts)
) PARTITION BY RANGE (ts);
CREATE INDEX host_sample_ts_brin ON host_sample USING brin (ts);

CREATE TABLE vm_sample_1m (
    bucket                          timestamptz      NOT NULL,
    vm_id                           integer          NOT NULL,
    sample_count                    bigint           NOT NULL,
    cpu_used_cores_avg              double precision,
    cpu_used_cores_max              double precision,
    memory_bytes_avg                double precision,
    memory_free_bytes_min           bigint,
    memory_target_bytes_avg         double precision,
    disk_read_bytes_per_second_avg  double precision,
    disk_write_bytes_per_second_avg double precision,
    net_rx_bytes_per_second_avg     double precision,
    net_tx_bytes_per_second_avg     double precision,
    PRIMARY KEY (vm_id, bucket)
);
CREATE INDEX vm_sample_1m_bucket_idx ON vm_sample_1m (bucket);
CREATE TABLE vm_sample_1h (LIKE vm_sample_1m INCLUDING ALL);

CREATE TABLE host_sample_1m (
    bucket                      timestamptz      NOT NULL,
    host_id                     integer          NOT NULL,
    sample_count                bigint           NOT NULL,
    cpu_fraction_avg            double precision,
    cpu_fraction_max            double precision,
    memory_free_bytes_avg       double precision,
    memory_free_bytes_min       bigint,
    load_average_avg            double precision,
    net_rx_bytes_per_second_avg double precision,
    net_tx_bytes_per_second_avg double precision,
    PRIMARY KEY (host_id, bucket)
);
CREATE INDEX host_sample_1m_bucket_idx ON host_sample_1m (bucket);
CREATE TABLE host_sample_1h (LIKE host_sample_1m INCLUDING ALL);

-- Buckets whose samples changed since they were last rolled up ('1m' or '1h').
CREATE TABLE rollup_dirty (
    resolution text        NOT NULL,
    bucket     timestamptz NOT NULL,
    PRIMARY KEY (resolution, bucket)
);

-- common/V10__usage.sql
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

-- common/V20__plans.sql
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

-- common/V30__alerts.sql
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

-- Part 2: schema_version as SchemaMigrator created and filled it, and the day partitions.
CREATE TABLE schema_version (version integer PRIMARY KEY, description text NOT NULL, flavour text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
INSERT INTO schema_version VALUES (1, 'dimensions', 'plain', '791d0942ddab7569d0ff9f42fe2ab36d3e570e848c0b465b8feb68bda494130a', '2026-12-06 19:07:57.422232Z');
INSERT INTO schema_version VALUES (2, 'samples plain', 'plain', '72bb80337215f4ba8d5a7e6fb007d22a1896a7802b41798eec4ccd9f87fbae04', '2026-12-06 19:07:57.422232Z');
INSERT INTO schema_version VALUES (10, 'usage', 'plain', '775a993bc0a70f139ddace17a35c5222149a8a3df47e24f2c4d65338314191f7', '2026-12-06 19:07:57.422232Z');
INSERT INTO schema_version VALUES (20, 'plans', 'plain', 'f198a768cbd116d1eab16ff8ef70410d6bc2446ef37dbc5d96f789c3a878f97d', '2026-12-06 19:07:57.422232Z');
INSERT INTO schema_version VALUES (30, 'alerts', 'plain', 'c1c1696cd46638e6bf1d98cec1322582e3af29a8180a228fd4d53c7f48b0d4b8', '2026-12-06 19:07:57.422232Z');
CREATE TABLE host_sample_p20260105 PARTITION OF host_sample FOR VALUES FROM ('2026-01-05 00:00:00+00') TO ('2026-01-06 00:00:00+00');
CREATE TABLE vm_sample_p20260105 PARTITION OF vm_sample FOR VALUES FROM ('2026-01-05 00:00:00+00') TO ('2026-01-06 00:00:00+00');

-- Part 3: the rows.
INSERT INTO pool OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::pool, '{"pool_id":1,"pool_uuid":"7d4e0c1a-pool","name":"lab","first_seen":"2026-01-05T10:00:00+00:00","last_seen":"2026-01-05T10:01:00+00:00"}');
INSERT INTO host OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::host, '{"host_id":1,"host_uuid":"host-a","pool_id":1,"name":"xen-a","address":"127.0.1.1","cpu_count":16,"memory_total_bytes":68719476736,"enabled":true,"first_seen":"2026-01-05T10:00:00+00:00","last_seen":"2026-01-05T10:01:00+00:00","gone_at":null}');
INSERT INTO host OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::host, '{"host_id":2,"host_uuid":"host-b","pool_id":1,"name":"xen-b","address":"127.0.1.2","cpu_count":16,"memory_total_bytes":68719476736,"enabled":true,"first_seen":"2026-01-05T10:00:00+00:00","last_seen":"2026-01-05T10:01:00+00:00","gone_at":null}');
INSERT INTO vm OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::vm, '{"vm_id":1,"vm_uuid":"vm-web","pool_id":1,"name":"web-1","power_state":"running","vcpus":2,"memory_bytes":4294967296,"billing_account":"acme","labels":{"tier": "web"},"first_seen":"2026-01-05T10:00:00+00:00","last_seen":"2026-01-05T10:01:00+00:00","gone_at":null}');
INSERT INTO vm OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::vm, '{"vm_id":2,"vm_uuid":"vm-db","pool_id":1,"name":"db-1","power_state":"running","vcpus":4,"memory_bytes":8589934592,"billing_account":"acme","labels":{},"first_seen":"2026-01-05T10:00:00+00:00","last_seen":"2026-01-05T10:01:00+00:00","gone_at":null}');
INSERT INTO vm_placement OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::vm_placement, '{"vm_id":1,"host_id":1,"valid_from":"2026-01-05T10:00:00+00:00","valid_to":null}');
INSERT INTO vm_placement OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::vm_placement, '{"vm_id":2,"host_id":2,"valid_from":"2026-01-05T10:00:00+00:00","valid_to":null}');
INSERT INTO journal_watermark OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::journal_watermark, '{"reader":"db-writer","queue_index":4398046511127,"updated_at":"2026-01-05T10:01:00+00:00"}');
INSERT INTO audit_log OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::audit_log, '{"audit_id":1,"at":"2026-01-05T09:00:00+00:00","actor":"admin","action":"policy.updated","target":"pool/lab","reason":"fixture","detail":{"mode": "advisory"}}');
INSERT INTO pool_policy OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::pool_policy, '{"pool_name":"lab","version":2,"mode":"advisory","migrations_per_hour":10,"gib_per_hour":64,"quiet_hours":null,"imbalance_threshold":null,"sustained_seconds":null,"updated_by":"admin","updated_at":"2026-01-05T09:00:00+00:00"}');
INSERT INTO alert OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::alert, '{"alert_id":1,"pool_name":"lab","kind":"host_down","subject":"host-b","severity":"critical","message":"host xen-b stopped answering","raised_at":"2026-01-05T10:01:00+00:00","cleared_at":null}');
INSERT INTO vm_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::vm_sample, '{"ts":"2026-01-05T10:00:00+00:00","vm_id":1,"host_id":1,"step_seconds":5,"vcpus":2,"cpu_used_cores":0.25,"memory_bytes":4294967296,"memory_free_bytes":1073741824,"memory_target_bytes":4294967296,"disk_read_bytes_per_second":0,"disk_write_bytes_per_second":0,"net_rx_bytes_per_second":0,"net_tx_bytes_per_second":0}');
INSERT INTO vm_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::vm_sample, '{"ts":"2026-01-05T10:00:05+00:00","vm_id":1,"host_id":1,"step_seconds":5,"vcpus":2,"cpu_used_cores":0.26,"memory_bytes":4294967296,"memory_free_bytes":1073741824,"memory_target_bytes":4294967296,"disk_read_bytes_per_second":1000,"disk_write_bytes_per_second":2000,"net_rx_bytes_per_second":300,"net_tx_bytes_per_second":400}');
INSERT INTO vm_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::vm_sample, '{"ts":"2026-01-05T10:00:10+00:00","vm_id":1,"host_id":1,"step_seconds":5,"vcpus":2,"cpu_used_cores":0.27,"memory_bytes":4294967296,"memory_free_bytes":1073741824,"memory_target_bytes":4294967296,"disk_read_bytes_per_second":2000,"disk_write_bytes_per_second":4000,"net_rx_bytes_per_second":600,"net_tx_bytes_per_second":800}');
INSERT INTO vm_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::vm_sample, '{"ts":"2026-01-05T10:00:15+00:00","vm_id":1,"host_id":1,"step_seconds":5,"vcpus":2,"cpu_used_cores":0.28,"memory_bytes":4294967296,"memory_free_bytes":1073741824,"memory_target_bytes":4294967296,"disk_read_bytes_per_second":3000,"disk_write_bytes_per_second":6000,"net_rx_bytes_per_second":900,"net_tx_bytes_per_second":1200}');
INSERT INTO vm_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::vm_sample, '{"ts":"2026-01-05T10:00:20+00:00","vm_id":1,"host_id":1,"step_seconds":5,"vcpus":2,"cpu_used_cores":0.29,"memory_bytes":4294967296,"memory_free_bytes":1073741824,"memory_target_bytes":4294967296,"disk_read_bytes_per_second":4000,"disk_write_bytes_per_second":8000,"net_rx_bytes_per_second":1200,"net_tx_bytes_per_second":1600}');
INSERT INTO vm_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::vm_sample, '{"ts":"2026-01-05T10:00:25+00:00","vm_id":1,"host_id":1,"step_seconds":5,"vcpus":2,"cpu_used_cores":0.3,"memory_bytes":4294967296,"memory_free_bytes":1073741824,"memory_target_bytes":4294967296,"disk_read_bytes_per_second":5000,"disk_write_bytes_per_second":10000,"net_rx_bytes_per_second":1500,"net_tx_bytes_per_second":2000}');
INSERT INTO vm_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::vm_sample, '{"ts":"2026-01-05T10:00:30+00:00","vm_id":1,"host_id":1,"step_seconds":5,"vcpus":2,"cpu_used_cores":0.31,"memory_bytes":4294967296,"memory_free_bytes":1073741824,"memory_target_bytes":4294967296,"disk_read_bytes_per_second":6000,"disk_write_bytes_per_second":12000,"net_rx_bytes_per_second":1800,"net_tx_bytes_per_second":2400}');
INSERT INTO vm_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::vm_sample, '{"ts":"2026-01-05T10:00:35+00:00","vm_id":1,"host_id":1,"step_seconds":5,"vcpus":2,"cpu_used_cores":0.32,"memory_bytes":4294967296,"memory_free_bytes":1073741824,"memory_target_bytes":4294967296,"disk_read_bytes_per_second":7000,"disk_write_bytes_per_second":14000,"net_rx_bytes_per_second":2100,"net_tx_bytes_per_second":2800}');
INSERT INTO vm_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::vm_sample, '{"ts":"2026-01-05T10:00:40+00:00","vm_id":1,"host_id":1,"step_seconds":5,"vcpus":2,"cpu_used_cores":0.33,"memory_bytes":4294967296,"memory_free_bytes":1073741824,"memory_target_bytes":4294967296,"disk_read_bytes_per_second":8000,"disk_write_bytes_per_second":16000,"net_rx_bytes_per_second":2400,"net_tx_bytes_per_second":3200}');
INSERT INTO vm_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::vm_sample, '{"ts":"2026-01-05T10:00:45+00:00","vm_id":1,"host_id":1,"step_seconds":5,"vcpus":2,"cpu_used_cores":0.34,"memory_bytes":4294967296,"memory_free_bytes":1073741824,"memory_target_bytes":4294967296,"disk_read_bytes_per_second":9000,"disk_write_bytes_per_second":18000,"net_rx_bytes_per_second":2700,"net_tx_bytes_per_second":3600}');
INSERT INTO vm_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::vm_sample, '{"ts":"2026-01-05T10:00:50+00:00","vm_id":1,"host_id":1,"step_seconds":5,"vcpus":2,"cpu_used_cores":0.35,"memory_bytes":4294967296,"memory_free_bytes":1073741824,"memory_target_bytes":4294967296,"disk_read_bytes_per_second":10000,"disk_write_bytes_per_second":20000,"net_rx_bytes_per_second":3000,"net_tx_bytes_per_second":4000}');
INSERT INTO vm_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::vm_sample, '{"ts":"2026-01-05T10:00:55+00:00","vm_id":1,"host_id":1,"step_seconds":5,"vcpus":2,"cpu_used_cores":0.36,"memory_bytes":4294967296,"memory_free_bytes":1073741824,"memory_target_bytes":4294967296,"disk_read_bytes_per_second":11000,"disk_write_bytes_per_second":22000,"net_rx_bytes_per_second":3300,"net_tx_bytes_per_second":4400}');
INSERT INTO vm_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::vm_sample, '{"ts":"2026-01-05T10:00:00+00:00","vm_id":2,"host_id":2,"step_seconds":5,"vcpus":4,"cpu_used_cores":0.5,"memory_bytes":8589934592,"memory_free_bytes":1073741824,"memory_target_bytes":8589934592,"disk_read_bytes_per_second":0,"disk_write_bytes_per_second":0,"net_rx_bytes_per_second":0,"net_tx_bytes_per_second":0}');
INSERT INTO vm_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::vm_sample, '{"ts":"2026-01-05T10:00:05+00:00","vm_id":2,"host_id":2,"step_seconds":5,"vcpus":4,"cpu_used_cores":0.51,"memory_bytes":8589934592,"memory_free_bytes":1073741824,"memory_target_bytes":8589934592,"disk_read_bytes_per_second":1000,"disk_write_bytes_per_second":2000,"net_rx_bytes_per_second":300,"net_tx_bytes_per_second":400}');
INSERT INTO vm_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::vm_sample, '{"ts":"2026-01-05T10:00:10+00:00","vm_id":2,"host_id":2,"step_seconds":5,"vcpus":4,"cpu_used_cores":0.52,"memory_bytes":8589934592,"memory_free_bytes":1073741824,"memory_target_bytes":8589934592,"disk_read_bytes_per_second":2000,"disk_write_bytes_per_second":4000,"net_rx_bytes_per_second":600,"net_tx_bytes_per_second":800}');
INSERT INTO vm_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::vm_sample, '{"ts":"2026-01-05T10:00:15+00:00","vm_id":2,"host_id":2,"step_seconds":5,"vcpus":4,"cpu_used_cores":0.53,"memory_bytes":8589934592,"memory_free_bytes":1073741824,"memory_target_bytes":8589934592,"disk_read_bytes_per_second":3000,"disk_write_bytes_per_second":6000,"net_rx_bytes_per_second":900,"net_tx_bytes_per_second":1200}');
INSERT INTO vm_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::vm_sample, '{"ts":"2026-01-05T10:00:20+00:00","vm_id":2,"host_id":2,"step_seconds":5,"vcpus":4,"cpu_used_cores":0.54,"memory_bytes":8589934592,"memory_free_bytes":1073741824,"memory_target_bytes":8589934592,"disk_read_bytes_per_second":4000,"disk_write_bytes_per_second":8000,"net_rx_bytes_per_second":1200,"net_tx_bytes_per_second":1600}');
INSERT INTO vm_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::vm_sample, '{"ts":"2026-01-05T10:00:25+00:00","vm_id":2,"host_id":2,"step_seconds":5,"vcpus":4,"cpu_used_cores":0.55,"memory_bytes":8589934592,"memory_free_bytes":1073741824,"memory_target_bytes":8589934592,"disk_read_bytes_per_second":5000,"disk_write_bytes_per_second":10000,"net_rx_bytes_per_second":1500,"net_tx_bytes_per_second":2000}');
INSERT INTO vm_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::vm_sample, '{"ts":"2026-01-05T10:00:30+00:00","vm_id":2,"host_id":2,"step_seconds":5,"vcpus":4,"cpu_used_cores":0.56,"memory_bytes":8589934592,"memory_free_bytes":1073741824,"memory_target_bytes":8589934592,"disk_read_bytes_per_second":6000,"disk_write_bytes_per_second":12000,"net_rx_bytes_per_second":1800,"net_tx_bytes_per_second":2400}');
INSERT INTO vm_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::vm_sample, '{"ts":"2026-01-05T10:00:35+00:00","vm_id":2,"host_id":2,"step_seconds":5,"vcpus":4,"cpu_used_cores":0.57,"memory_bytes":8589934592,"memory_free_bytes":1073741824,"memory_target_bytes":8589934592,"disk_read_bytes_per_second":7000,"disk_write_bytes_per_second":14000,"net_rx_bytes_per_second":2100,"net_tx_bytes_per_second":2800}');
INSERT INTO vm_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::vm_sample, '{"ts":"2026-01-05T10:00:40+00:00","vm_id":2,"host_id":2,"step_seconds":5,"vcpus":4,"cpu_used_cores":0.58,"memory_bytes":8589934592,"memory_free_bytes":1073741824,"memory_target_bytes":8589934592,"disk_read_bytes_per_second":8000,"disk_write_bytes_per_second":16000,"net_rx_bytes_per_second":2400,"net_tx_bytes_per_second":3200}');
INSERT INTO vm_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::vm_sample, '{"ts":"2026-01-05T10:00:45+00:00","vm_id":2,"host_id":2,"step_seconds":5,"vcpus":4,"cpu_used_cores":0.59,"memory_bytes":8589934592,"memory_free_bytes":1073741824,"memory_target_bytes":8589934592,"disk_read_bytes_per_second":9000,"disk_write_bytes_per_second":18000,"net_rx_bytes_per_second":2700,"net_tx_bytes_per_second":3600}');
INSERT INTO vm_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::vm_sample, '{"ts":"2026-01-05T10:00:50+00:00","vm_id":2,"host_id":2,"step_seconds":5,"vcpus":4,"cpu_used_cores":0.6,"memory_bytes":8589934592,"memory_free_bytes":1073741824,"memory_target_bytes":8589934592,"disk_read_bytes_per_second":10000,"disk_write_bytes_per_second":20000,"net_rx_bytes_per_second":3000,"net_tx_bytes_per_second":4000}');
INSERT INTO vm_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::vm_sample, '{"ts":"2026-01-05T10:00:55+00:00","vm_id":2,"host_id":2,"step_seconds":5,"vcpus":4,"cpu_used_cores":0.61,"memory_bytes":8589934592,"memory_free_bytes":1073741824,"memory_target_bytes":8589934592,"disk_read_bytes_per_second":11000,"disk_write_bytes_per_second":22000,"net_rx_bytes_per_second":3300,"net_tx_bytes_per_second":4400}');
INSERT INTO host_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::host_sample, '{"ts":"2026-01-05T10:00:00+00:00","host_id":1,"step_seconds":5,"cpu_count":16,"cpu_fraction":0.1,"memory_total_bytes":68719476736,"memory_free_bytes":34359738368,"load_average":1.5,"net_rx_bytes_per_second":0,"net_tx_bytes_per_second":0}');
INSERT INTO host_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::host_sample, '{"ts":"2026-01-05T10:00:05+00:00","host_id":1,"step_seconds":5,"cpu_count":16,"cpu_fraction":0.1,"memory_total_bytes":68719476736,"memory_free_bytes":34359738368,"load_average":1.5,"net_rx_bytes_per_second":300,"net_tx_bytes_per_second":400}');
INSERT INTO host_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::host_sample, '{"ts":"2026-01-05T10:00:10+00:00","host_id":1,"step_seconds":5,"cpu_count":16,"cpu_fraction":0.1,"memory_total_bytes":68719476736,"memory_free_bytes":34359738368,"load_average":1.5,"net_rx_bytes_per_second":600,"net_tx_bytes_per_second":800}');
INSERT INTO host_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::host_sample, '{"ts":"2026-01-05T10:00:15+00:00","host_id":1,"step_seconds":5,"cpu_count":16,"cpu_fraction":0.1,"memory_total_bytes":68719476736,"memory_free_bytes":34359738368,"load_average":1.5,"net_rx_bytes_per_second":900,"net_tx_bytes_per_second":1200}');
INSERT INTO host_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::host_sample, '{"ts":"2026-01-05T10:00:20+00:00","host_id":1,"step_seconds":5,"cpu_count":16,"cpu_fraction":0.1,"memory_total_bytes":68719476736,"memory_free_bytes":34359738368,"load_average":1.5,"net_rx_bytes_per_second":1200,"net_tx_bytes_per_second":1600}');
INSERT INTO host_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::host_sample, '{"ts":"2026-01-05T10:00:25+00:00","host_id":1,"step_seconds":5,"cpu_count":16,"cpu_fraction":0.1,"memory_total_bytes":68719476736,"memory_free_bytes":34359738368,"load_average":1.5,"net_rx_bytes_per_second":1500,"net_tx_bytes_per_second":2000}');
INSERT INTO host_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::host_sample, '{"ts":"2026-01-05T10:00:30+00:00","host_id":1,"step_seconds":5,"cpu_count":16,"cpu_fraction":0.1,"memory_total_bytes":68719476736,"memory_free_bytes":34359738368,"load_average":1.5,"net_rx_bytes_per_second":1800,"net_tx_bytes_per_second":2400}');
INSERT INTO host_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::host_sample, '{"ts":"2026-01-05T10:00:35+00:00","host_id":1,"step_seconds":5,"cpu_count":16,"cpu_fraction":0.1,"memory_total_bytes":68719476736,"memory_free_bytes":34359738368,"load_average":1.5,"net_rx_bytes_per_second":2100,"net_tx_bytes_per_second":2800}');
INSERT INTO host_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::host_sample, '{"ts":"2026-01-05T10:00:40+00:00","host_id":1,"step_seconds":5,"cpu_count":16,"cpu_fraction":0.1,"memory_total_bytes":68719476736,"memory_free_bytes":34359738368,"load_average":1.5,"net_rx_bytes_per_second":2400,"net_tx_bytes_per_second":3200}');
INSERT INTO host_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::host_sample, '{"ts":"2026-01-05T10:00:45+00:00","host_id":1,"step_seconds":5,"cpu_count":16,"cpu_fraction":0.1,"memory_total_bytes":68719476736,"memory_free_bytes":34359738368,"load_average":1.5,"net_rx_bytes_per_second":2700,"net_tx_bytes_per_second":3600}');
INSERT INTO host_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::host_sample, '{"ts":"2026-01-05T10:00:50+00:00","host_id":1,"step_seconds":5,"cpu_count":16,"cpu_fraction":0.1,"memory_total_bytes":68719476736,"memory_free_bytes":34359738368,"load_average":1.5,"net_rx_bytes_per_second":3000,"net_tx_bytes_per_second":4000}');
INSERT INTO host_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::host_sample, '{"ts":"2026-01-05T10:00:55+00:00","host_id":1,"step_seconds":5,"cpu_count":16,"cpu_fraction":0.1,"memory_total_bytes":68719476736,"memory_free_bytes":34359738368,"load_average":1.5,"net_rx_bytes_per_second":3300,"net_tx_bytes_per_second":4400}');
INSERT INTO host_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::host_sample, '{"ts":"2026-01-05T10:00:00+00:00","host_id":2,"step_seconds":5,"cpu_count":16,"cpu_fraction":0.2,"memory_total_bytes":68719476736,"memory_free_bytes":34359738368,"load_average":1.5,"net_rx_bytes_per_second":0,"net_tx_bytes_per_second":0}');
INSERT INTO host_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::host_sample, '{"ts":"2026-01-05T10:00:05+00:00","host_id":2,"step_seconds":5,"cpu_count":16,"cpu_fraction":0.2,"memory_total_bytes":68719476736,"memory_free_bytes":34359738368,"load_average":1.5,"net_rx_bytes_per_second":300,"net_tx_bytes_per_second":400}');
INSERT INTO host_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::host_sample, '{"ts":"2026-01-05T10:00:10+00:00","host_id":2,"step_seconds":5,"cpu_count":16,"cpu_fraction":0.2,"memory_total_bytes":68719476736,"memory_free_bytes":34359738368,"load_average":1.5,"net_rx_bytes_per_second":600,"net_tx_bytes_per_second":800}');
INSERT INTO host_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::host_sample, '{"ts":"2026-01-05T10:00:15+00:00","host_id":2,"step_seconds":5,"cpu_count":16,"cpu_fraction":0.2,"memory_total_bytes":68719476736,"memory_free_bytes":34359738368,"load_average":1.5,"net_rx_bytes_per_second":900,"net_tx_bytes_per_second":1200}');
INSERT INTO host_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::host_sample, '{"ts":"2026-01-05T10:00:20+00:00","host_id":2,"step_seconds":5,"cpu_count":16,"cpu_fraction":0.2,"memory_total_bytes":68719476736,"memory_free_bytes":34359738368,"load_average":1.5,"net_rx_bytes_per_second":1200,"net_tx_bytes_per_second":1600}');
INSERT INTO host_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::host_sample, '{"ts":"2026-01-05T10:00:25+00:00","host_id":2,"step_seconds":5,"cpu_count":16,"cpu_fraction":0.2,"memory_total_bytes":68719476736,"memory_free_bytes":34359738368,"load_average":1.5,"net_rx_bytes_per_second":1500,"net_tx_bytes_per_second":2000}');
INSERT INTO host_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::host_sample, '{"ts":"2026-01-05T10:00:30+00:00","host_id":2,"step_seconds":5,"cpu_count":16,"cpu_fraction":0.2,"memory_total_bytes":68719476736,"memory_free_bytes":34359738368,"load_average":1.5,"net_rx_bytes_per_second":1800,"net_tx_bytes_per_second":2400}');
INSERT INTO host_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::host_sample, '{"ts":"2026-01-05T10:00:35+00:00","host_id":2,"step_seconds":5,"cpu_count":16,"cpu_fraction":0.2,"memory_total_bytes":68719476736,"memory_free_bytes":34359738368,"load_average":1.5,"net_rx_bytes_per_second":2100,"net_tx_bytes_per_second":2800}');
INSERT INTO host_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::host_sample, '{"ts":"2026-01-05T10:00:40+00:00","host_id":2,"step_seconds":5,"cpu_count":16,"cpu_fraction":0.2,"memory_total_bytes":68719476736,"memory_free_bytes":34359738368,"load_average":1.5,"net_rx_bytes_per_second":2400,"net_tx_bytes_per_second":3200}');
INSERT INTO host_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::host_sample, '{"ts":"2026-01-05T10:00:45+00:00","host_id":2,"step_seconds":5,"cpu_count":16,"cpu_fraction":0.2,"memory_total_bytes":68719476736,"memory_free_bytes":34359738368,"load_average":1.5,"net_rx_bytes_per_second":2700,"net_tx_bytes_per_second":3600}');
INSERT INTO host_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::host_sample, '{"ts":"2026-01-05T10:00:50+00:00","host_id":2,"step_seconds":5,"cpu_count":16,"cpu_fraction":0.2,"memory_total_bytes":68719476736,"memory_free_bytes":34359738368,"load_average":1.5,"net_rx_bytes_per_second":3000,"net_tx_bytes_per_second":4000}');
INSERT INTO host_sample OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::host_sample, '{"ts":"2026-01-05T10:00:55+00:00","host_id":2,"step_seconds":5,"cpu_count":16,"cpu_fraction":0.2,"memory_total_bytes":68719476736,"memory_free_bytes":34359738368,"load_average":1.5,"net_rx_bytes_per_second":3300,"net_tx_bytes_per_second":4400}');
SELECT setval('public.alert_alert_id_seq', (SELECT coalesce(max(alert_id), 0) + 1 FROM alert), false);
SELECT setval('public.audit_log_audit_id_seq', (SELECT coalesce(max(audit_id), 0) + 1 FROM audit_log), false);
SELECT setval('public.host_host_id_seq', (SELECT coalesce(max(host_id), 0) + 1 FROM host), false);
SELECT setval('public.pool_pool_id_seq', (SELECT coalesce(max(pool_id), 0) + 1 FROM pool), false);
SELECT setval('public.usage_record_record_seq_seq', (SELECT coalesce(max(record_seq), 0) + 1 FROM usage_record), false);
SELECT setval('public.vm_vm_id_seq', (SELECT coalesce(max(vm_id), 0) + 1 FROM vm), false);
