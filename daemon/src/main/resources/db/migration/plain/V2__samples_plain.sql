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
