-- TimescaleDB flavour (2.x): the same relations and columns as the plain flavour, but the sample
-- tables are hypertables (1-day chunks, compressed per entity after 2 days, dropped after 30 days)
-- and the rollups are continuous aggregates refreshed by TimescaleDB's own jobs.

CREATE EXTENSION IF NOT EXISTS timescaledb;

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
);
SELECT create_hypertable('vm_sample', by_range('ts', INTERVAL '1 day'));
ALTER TABLE vm_sample SET (
    timescaledb.compress,
    timescaledb.compress_segmentby = 'vm_id',
    timescaledb.compress_orderby = 'ts DESC'
);
SELECT add_compression_policy('vm_sample', compress_after => INTERVAL '2 days');
SELECT add_retention_policy('vm_sample', drop_after => INTERVAL '30 days');

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
);
SELECT create_hypertable('host_sample', by_range('ts', INTERVAL '1 day'));
ALTER TABLE host_sample SET (
    timescaledb.compress,
    timescaledb.compress_segmentby = 'host_id',
    timescaledb.compress_orderby = 'ts DESC'
);
SELECT add_compression_policy('host_sample', compress_after => INTERVAL '2 days');
SELECT add_retention_policy('host_sample', drop_after => INTERVAL '30 days');

CREATE MATERIALIZED VIEW vm_sample_1m WITH (timescaledb.continuous) AS
SELECT time_bucket(INTERVAL '1 minute', ts) AS bucket,
       vm_id,
       count(*)                         AS sample_count,
       avg(cpu_used_cores)              AS cpu_used_cores_avg,
       max(cpu_used_cores)              AS cpu_used_cores_max,
       avg(memory_bytes)::double precision        AS memory_bytes_avg,
       min(memory_free_bytes)           AS memory_free_bytes_min,
       avg(memory_target_bytes)::double precision AS memory_target_bytes_avg,
       avg(disk_read_bytes_per_second)  AS disk_read_bytes_per_second_avg,
       avg(disk_write_bytes_per_second) AS disk_write_bytes_per_second_avg,
       avg(net_rx_bytes_per_second)     AS net_rx_bytes_per_second_avg,
       avg(net_tx_bytes_per_second)     AS net_tx_bytes_per_second_avg
FROM vm_sample
GROUP BY time_bucket(INTERVAL '1 minute', ts), vm_id
WITH NO DATA;
SELECT add_continuous_aggregate_policy('vm_sample_1m',
    start_offset => INTERVAL '1 hour', end_offset => INTERVAL '1 minute', schedule_interval => INTERVAL '1 minute');

-- Hourly from the minutely aggregate (TimescaleDB >= 2.9), weighted like the plain flavour's rollup.
CREATE MATERIALIZED VIEW vm_sample_1h WITH (timescaledb.continuous) AS
SELECT time_bucket(INTERVAL '1 hour', bucket) AS bucket,
       vm_id,
       sum(sample_count)::bigint AS sample_count,
       sum(cpu_used_cores_avg * sample_count) / nullif(sum(sample_count) FILTER (WHERE cpu_used_cores_avg IS NOT NULL), 0) AS cpu_used_cores_avg,
       max(cpu_used_cores_max) AS cpu_used_cores_max,
       sum(memory_bytes_avg * sample_count) / nullif(sum(sample_count) FILTER (WHERE memory_bytes_avg IS NOT NULL), 0) AS memory_bytes_avg,
       min(memory_free_bytes_min) AS memory_free_bytes_min,
       sum(memory_target_bytes_avg * sample_count) / nullif(sum(sample_count) FILTER (WHERE memory_target_bytes_avg IS NOT NULL), 0) AS memory_target_bytes_avg,
       sum(disk_read_bytes_per_second_avg * sample_count) / nullif(sum(sample_count) FILTER (WHERE disk_read_bytes_per_second_avg IS NOT NULL), 0) AS disk_read_bytes_per_second_avg,
       sum(disk_write_bytes_per_second_avg * sample_count) / nullif(sum(sample_count) FILTER (WHERE disk_write_bytes_per_second_avg IS NOT NULL), 0) AS disk_write_bytes_per_second_avg,
       sum(net_rx_bytes_per_second_avg * sample_count) / nullif(sum(sample_count) FILTER (WHERE net_rx_bytes_per_second_avg IS NOT NULL), 0) AS net_rx_bytes_per_second_avg,
       sum(net_tx_bytes_per_second_avg * sample_count) / nullif(sum(sample_count) FILTER (WHERE net_tx_bytes_per_second_avg IS NOT NULL), 0) AS net_tx_bytes_per_second_avg
FROM vm_sample_1m
GROUP BY time_bucket(INTERVAL '1 hour', bucket), vm_id
WITH NO DATA;
SELECT add_continuous_aggregate_policy('vm_sample_1h',
    start_offset => INTERVAL '1 day', end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '15 minutes');

CREATE MATERIALIZED VIEW host_sample_1m WITH (timescaledb.continuous) AS
SELECT time_bucket(INTERVAL '1 minute', ts) AS bucket,
       host_id,
       count(*)                     AS sample_count,
       avg(cpu_fraction)            AS cpu_fraction_avg,
       max(cpu_fraction)            AS cpu_fraction_max,
       avg(memory_free_bytes)::double precision AS memory_free_bytes_avg,
       min(memory_free_bytes)       AS memory_free_bytes_min,
       avg(load_average)            AS load_average_avg,
       avg(net_rx_bytes_per_second) AS net_rx_bytes_per_second_avg,
       avg(net_tx_bytes_per_second) AS net_tx_bytes_per_second_avg
FROM host_sample
GROUP BY time_bucket(INTERVAL '1 minute', ts), host_id
WITH NO DATA;
SELECT add_continuous_aggregate_policy('host_sample_1m',
    start_offset => INTERVAL '1 hour', end_offset => INTERVAL '1 minute', schedule_interval => INTERVAL '1 minute');

CREATE MATERIALIZED VIEW host_sample_1h WITH (timescaledb.continuous) AS
SELECT time_bucket(INTERVAL '1 hour', bucket) AS bucket,
       host_id,
       sum(sample_count)::bigint AS sample_count,
       sum(cpu_fraction_avg * sample_count) / nullif(sum(sample_count) FILTER (WHERE cpu_fraction_avg IS NOT NULL), 0) AS cpu_fraction_avg,
       max(cpu_fraction_max) AS cpu_fraction_max,
       sum(memory_free_bytes_avg * sample_count) / nullif(sum(sample_count) FILTER (WHERE memory_free_bytes_avg IS NOT NULL), 0) AS memory_free_bytes_avg,
       min(memory_free_bytes_min) AS memory_free_bytes_min,
       sum(load_average_avg * sample_count) / nullif(sum(sample_count) FILTER (WHERE load_average_avg IS NOT NULL), 0) AS load_average_avg,
       sum(net_rx_bytes_per_second_avg * sample_count) / nullif(sum(sample_count) FILTER (WHERE net_rx_bytes_per_second_avg IS NOT NULL), 0) AS net_rx_bytes_per_second_avg,
       sum(net_tx_bytes_per_second_avg * sample_count) / nullif(sum(sample_count) FILTER (WHERE net_tx_bytes_per_second_avg IS NOT NULL), 0) AS net_tx_bytes_per_second_avg
FROM host_sample_1m
GROUP BY time_bucket(INTERVAL '1 hour', bucket), host_id
WITH NO DATA;
SELECT add_continuous_aggregate_policy('host_sample_1h',
    start_offset => INTERVAL '1 day', end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '15 minutes');
