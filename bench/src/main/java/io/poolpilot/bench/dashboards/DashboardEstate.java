package io.poolpilot.bench.dashboards;

import io.poolpilot.daemon.store.PartitionMaintainer;
import io.poolpilot.daemon.store.StorageFlavour;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A synthetic estate loaded straight into a migrated PoolPilot database with {@code generate_series}, laid out
 * the way the product keeps it: raw 5 s samples only for the window the 1 hour range reads, the 1 minute rollup
 * for the window the 2 day range reads, the 1 hour rollup for 30 days, and the dimensions, placements, usage,
 * plans and alerts the other panels read. On TimescaleDB the rollup rows go into the continuous aggregates'
 * materialization hypertables (what a refresh writes; their raw rows are not kept, as after raw retention).
 * 40 VMs per host, 20 hosts per pool, 50 billing accounts; 95 % of the VMs run.
 *
 * @param vms number of VMs (a multiple of 40)
 * @param now the end of every measured range, on a minute boundary
 */
record DashboardEstate(int vms, Instant now) {

    static final int VMS_PER_HOST = 40;
    private static final java.util.Set<String> HYPERTABLES = java.util.Set.of("vm_sample", "host_sample");
    static final int HOSTS_PER_POOL = 20;
    static final int ACCOUNTS = 50;
    /** Raw samples kept: the 1 hour range plus a margin. */
    static final Duration RAW_WINDOW = Duration.ofMinutes(65);
    /** 1 minute rollup kept: the 2 day range plus a margin. */
    static final Duration MINUTE_WINDOW = Duration.ofDays(2).plusHours(1);
    /** 1 hour rollup (and usage) kept: the 30 day range plus a margin. */
    static final Duration HOUR_WINDOW = Duration.ofDays(31);

    DashboardEstate {
        if (vms < VMS_PER_HOST || vms % VMS_PER_HOST != 0) {
            throw new IllegalArgumentException("vms must be a positive multiple of " + VMS_PER_HOST + ", got " + vms);
        }
        if (now.getEpochSecond() % 60 != 0) {
            throw new IllegalArgumentException("now must be on a minute boundary, got " + now);
        }
    }

    int hosts() {
        return vms / VMS_PER_HOST;
    }

    int pools() {
        return (hosts() + HOSTS_PER_POOL - 1) / HOSTS_PER_POOL;
    }

    /** What one table holds after loading. */
    record Loaded(String table, long rows, long bytes, double seconds) {
    }

    /** Loads everything into an empty, migrated database; returns the rows and bytes per table, in load order. */
    List<Loaded> load(DataSource ds, StorageFlavour flavour) throws SQLException {
        List<Loaded> loaded = new ArrayList<>();
        boolean timescale = flavour instanceof StorageFlavour.Timescale;
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            if (timescale) {
                // The policies would refresh, compress and drop while we measure: the estate stays as loaded.
                st.execute("SELECT alter_job(job_id, scheduled => false) FROM timescaledb_information.jobs"
                        + " WHERE hypertable_name IS NOT NULL");
            } else {
                PartitionMaintainer partitions = new PartitionMaintainer();
                partitions.ensureDays(c, LocalDate.ofInstant(now.minus(RAW_WINDOW), ZoneOffset.UTC),
                        LocalDate.ofInstant(now, ZoneOffset.UTC));
            }
            st.execute("SET work_mem = '256MB'");
            st.execute("SET maintenance_work_mem = '1GB'");
            loaded.add(step(st, "pool", """
                    INSERT INTO pool (pool_uuid, name, first_seen, last_seen)
                    SELECT 'pool-' || g, 'pool-' || lpad(g::text, 3, '0'), :T - interval '40 days', :T
                    FROM generate_series(1, :POOLS) g"""));
            loaded.add(step(st, "host", """
                    INSERT INTO host (host_uuid, pool_id, name, address, cpu_count, memory_total_bytes, enabled,
                                      first_seen, last_seen)
                    SELECT 'host-' || g, (g - 1) / :HPP + 1, 'h-' || lpad(g::text, 4, '0'), '10.1.' || (g / 250) || '.' || (g % 250),
                           64, 512::bigint << 30, true, :T - interval '40 days', :T
                    FROM generate_series(1, :HOSTS) g"""));
            loaded.add(step(st, "vm", """
                    INSERT INTO vm (vm_uuid, pool_id, name, power_state, vcpus, memory_bytes, billing_account, labels,
                                    first_seen, last_seen)
                    SELECT 'vm-' || g, ((g - 1) / :VPH) / :HPP + 1, 'vm-' || lpad(g::text, 5, '0'),
                           CASE WHEN g % 20 = 0 THEN 'halted' ELSE 'running' END, 1 + g % 8, (2 + g % 31)::bigint << 30,
                           'acct-' || lpad((g % :ACCOUNTS)::text, 2, '0'), jsonb_build_object('tier', g % 3),
                           :T - interval '40 days', :T
                    FROM generate_series(1, :VMS) g"""));
            // Every VM on its host since before the 30 days; 2 % of them migrated once in the 30 days.
            loaded.add(step(st, "vm_placement", """
                    INSERT INTO vm_placement (vm_id, host_id, valid_from, valid_to)
                    SELECT g, (g - 1) / :VPH + 1, CASE WHEN g % 50 = 0 THEN m ELSE :T - interval '40 days' END, NULL
                    FROM generate_series(1, :VMS) g, LATERAL (SELECT :T - ((g / 50) % 720) * interval '1 hour' AS m) x
                    UNION ALL
                    SELECT g, ((g - 1) / :VPH + 1) % :HOSTS + 1, :T - interval '40 days', :T - ((g / 50) % 720) * interval '1 hour'
                    FROM generate_series(50, :VMS, 50) g"""));
            loaded.add(step(st, "vm_sample", """
                    INSERT INTO vm_sample (ts, vm_id, host_id, step_seconds, vcpus, cpu_used_cores, memory_bytes,
                        memory_free_bytes, memory_target_bytes, disk_read_bytes_per_second, disk_write_bytes_per_second,
                        net_rx_bytes_per_second, net_tx_bytes_per_second)
                    SELECT t, g, (g - 1) / :VPH + 1, 5, 1 + g % 8, (1 + g % 8) * random(), (2 + g % 31)::bigint << 30,
                           ((2 + g % 31)::bigint << 29) + (random() * 1e8)::bigint, (2 + g % 31)::bigint << 30,
                           random() * 4e6, random() * 2e6, random() * 1e6, random() * 1e6
                    FROM generate_series(:T - :RAW, :T - interval '5 seconds', interval '5 seconds') t,
                         generate_series(1, :VMS) g
                    WHERE g % 20 <> 0"""));
            loaded.add(step(st, "host_sample", """
                    INSERT INTO host_sample (ts, host_id, step_seconds, cpu_count, cpu_fraction, memory_total_bytes,
                        memory_free_bytes, load_average, net_rx_bytes_per_second, net_tx_bytes_per_second)
                    SELECT t, h, 5, 64, random(), 512::bigint << 30, (random() * 256)::bigint << 30, random() * 32,
                           random() * 4e7, random() * 4e7
                    FROM generate_series(:T - :RAW, :T - interval '5 seconds', interval '5 seconds') t,
                         generate_series(1, :HOSTS) h"""));
            String vm1m = timescale ? materialization(st, "vm_sample_1m") : "vm_sample_1m";
            String vm1h = timescale ? materialization(st, "vm_sample_1h") : "vm_sample_1h";
            String host1m = timescale ? materialization(st, "host_sample_1m") : "host_sample_1m";
            String host1h = timescale ? materialization(st, "host_sample_1h") : "host_sample_1h";
            loaded.add(rollup(st, "vm_sample_1m", vm1m, vmRollup(vm1m, ":MINUTE", "1 minute", 12)));
            loaded.add(rollup(st, "vm_sample_1h", vm1h, vmRollup(vm1h, ":HOUR", "1 hour", 720)));
            loaded.add(rollup(st, "host_sample_1m", host1m, hostRollup(host1m, ":MINUTE", "1 minute", 12)));
            loaded.add(rollup(st, "host_sample_1h", host1h, hostRollup(host1h, ":HOUR", "1 hour", 720)));
            loaded.add(step(st, "usage_record", """
                    INSERT INTO usage_record (record_id, kind, revision, vm_uuid, pool_uuid, account, hour_start,
                        covered_seconds, coverage, running_seconds, vcpu_seconds, cpu_seconds, memory_gib_hours,
                        memory_used_gib_hours, memory_used_seconds, disk_read_bytes, disk_write_bytes, net_rx_bytes,
                        net_tx_bytes, samples, closed_at)
                    SELECT gen_random_uuid(), 'hour', 0, 'vm-' || g, 'pool-' || (((g - 1) / :VPH) / :HPP + 1),
                           'acct-' || lpad((g % :ACCOUNTS)::text, 2, '0'), h, 3600, 1, 3600, 3600 * (1 + g % 8),
                           3600 * (1 + g % 8) * random(), 2 + g % 31, (2 + g % 31) * random(), 3600, random() * 1e10,
                           random() * 1e10, random() * 1e9, random() * 1e9, 720, h + interval '1 hour 5 minutes'
                    FROM generate_series(date_trunc('hour', :T) - :HOUR, date_trunc('hour', :T) - interval '1 hour',
                                         interval '1 hour') h,
                         generate_series(1, :VMS) g
                    WHERE g % 20 <> 0"""));
            loaded.add(step(st, "usage_account_hour", """
                    INSERT INTO usage_account_hour
                    SELECT account, hour_start, count(*), sum(covered_seconds), sum(running_seconds), sum(vcpu_seconds),
                           sum(cpu_seconds), sum(memory_gib_hours), sum(memory_used_gib_hours), sum(disk_read_bytes),
                           sum(disk_write_bytes), sum(net_rx_bytes), sum(net_tx_bytes)
                    FROM usage_record GROUP BY account, hour_start"""));
            // A balancing plan per pool every 6 hours (20 steps each), and an alert per pool every 4 hours.
            loaded.add(step(st, "plan", """
                    INSERT INTO plan (plan_id, pool_name, version, state, mode, max_migrations, max_gib,
                        time_limit_seconds, planned, created_by, created_at, updated_at, expires_at, state_reason)
                    SELECT gen_random_uuid(), 'pool-' || lpad(p::text, 3, '0'), 1,
                           (ARRAY['done', 'done', 'done', 'rejected', 'expired', 'failed'])[1 + (p + k) % 6], 'balance',
                           20, 64, 30, true, 'operator', c, c + interval '10 minutes', c + interval '1 hour', NULL
                    FROM generate_series(1, :POOLS) p, generate_series(0, 4 * 30 - 1) k,
                         LATERAL (SELECT :T - k * interval '6 hours' - p * interval '1 minute' AS c) x"""));
            loaded.add(step(st, "plan_step", """
                    INSERT INTO plan_step (plan_id, step_index, wave, vm_uuid, from_host_uuid, to_host_uuid,
                        memory_bytes, reason, status, attempts, outcome, started_at, finished_at)
                    SELECT pl.plan_id, s, s / 5, 'vm-' || (1 + (abs(hashtext(pl.plan_id::text)) + s) % :VMS),
                           'host-' || (1 + s % :HOSTS), 'host-' || (1 + (s + 1) % :HOSTS), 8::bigint << 30, 'balance',
                           CASE WHEN pl.state = 'done' THEN 'done' ELSE 'pending' END, 1,
                           CASE WHEN pl.state = 'done' THEN 'migrated' END, pl.created_at, pl.updated_at
                    FROM plan pl, generate_series(0, 19) s"""));
            loaded.add(step(st, "alert", """
                    INSERT INTO alert (pool_name, kind, subject, severity, message, raised_at, cleared_at)
                    SELECT 'pool-' || lpad(p::text, 3, '0'), 'host_cpu_high', 'h-' || k, CASE WHEN k % 5 = 0 THEN 'critical' ELSE 'warning' END,
                           'host CPU above 90 % for 5 minutes', r, CASE WHEN k = 0 THEN NULL ELSE r + interval '20 minutes' END
                    FROM generate_series(1, :POOLS) p, generate_series(0, 6 * 30 - 1) k,
                         LATERAL (SELECT :T - k * interval '4 hours' - p * interval '1 minute' AS r) x"""));
            if (timescale) {
                watermarks(st);
            }
            st.execute("VACUUM ANALYZE");
        }
        return loaded;
    }

    private String vmRollup(String table, String window, String width, int samples) {
        return """
                INSERT INTO %s (bucket, vm_id, sample_count, cpu_used_cores_avg, cpu_used_cores_max, memory_bytes_avg,
                    memory_free_bytes_min, memory_target_bytes_avg, disk_read_bytes_per_second_avg,
                    disk_write_bytes_per_second_avg, net_rx_bytes_per_second_avg, net_tx_bytes_per_second_avg)
                SELECT b, g, %d, (1 + g %% 8) * random() / 2, (1 + g %% 8) * random(), (2 + g %% 31)::double precision * 1073741824,
                       ((2 + g %% 31)::bigint << 29) + (random() * 1e8)::bigint, (2 + g %% 31)::double precision * 1073741824,
                       random() * 4e6, random() * 2e6, random() * 1e6, random() * 1e6
                FROM generate_series(date_trunc('%s', :T) - %s, date_trunc('%s', :T) - interval '%s', interval '%s') b,
                     generate_series(1, :VMS) g
                WHERE g %% 20 <> 0""".formatted(table, samples, unit(width), window, unit(width), width, width);
    }

    private String hostRollup(String table, String window, String width, int samples) {
        return """
                INSERT INTO %s (bucket, host_id, sample_count, cpu_fraction_avg, cpu_fraction_max, memory_free_bytes_avg,
                    memory_free_bytes_min, load_average_avg, net_rx_bytes_per_second_avg, net_tx_bytes_per_second_avg)
                SELECT b, h, %d, random() / 2, random(), random() * 2.7e11, (random() * 256)::bigint << 30, random() * 32,
                       random() * 4e7, random() * 4e7
                FROM generate_series(date_trunc('%s', :T) - %s, date_trunc('%s', :T) - interval '%s', interval '%s') b,
                     generate_series(1, :HOSTS) h""".formatted(table, samples, unit(width), window, unit(width), width, width);
    }

    private static String unit(String width) {
        return width.substring(width.indexOf(' ') + 1);
    }

    /** The materialization hypertable behind a continuous aggregate. */
    private static String materialization(Statement st, String view) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT format('%I.%I', materialization_hypertable_schema,"
                + " materialization_hypertable_name) FROM timescaledb_information.continuous_aggregates"
                + " WHERE view_name = '" + view + "'")) {
            if (!rs.next()) {
                throw new IllegalStateException(view + " is not a continuous aggregate in this database");
            }
            return rs.getString(1);
        }
    }

    /**
     * Moves each continuous aggregate's watermark to the end of what was loaded, as the refreshes that wrote
     * those rows would have: a real-time aggregate then reads raw rows only above it.
     */
    private void watermarks(Statement st) throws SQLException {
        st.execute("""
                UPDATE _timescaledb_catalog.continuous_aggs_watermark w
                SET watermark = (SELECT _timescaledb_functions.to_unix_microseconds(
                        CASE WHEN a.user_view_name LIKE '%%_1m' THEN date_trunc('minute', :T) ELSE date_trunc('hour', :T) END)
                    FROM _timescaledb_catalog.continuous_agg a WHERE a.mat_hypertable_id = w.mat_hypertable_id)
                """.replace(":T", literal(now)).replace("%%", "%"));
    }

    private Loaded step(Statement st, String table, String sql) throws SQLException {
        return rollup(st, table, table, sql);
    }

    private Loaded rollup(Statement st, String table, String relation, String sql) throws SQLException {
        long start = System.nanoTime();
        st.execute(substitute(sql));
        double seconds = (System.nanoTime() - start) / 1e9;
        long rows;
        long bytes;
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + relation)) {
            rs.next();
            rows = rs.getLong(1);
        }
        String size = relation.contains(".") || HYPERTABLES.contains(relation) && isHypertable(st, relation)
                ? "hypertable_size('" + relation + "')" : "pg_total_relation_size('" + relation + "')";
        if (isPartitioned(st, relation)) {
            size = "(SELECT sum(pg_total_relation_size(i.inhrelid)) FROM pg_inherits i WHERE i.inhparent = '"
                    + relation + "'::regclass)";
        }
        try (ResultSet rs = st.executeQuery("SELECT " + size)) {
            rs.next();
            bytes = rs.getLong(1);
        }
        System.out.printf(Locale.ROOT, "  loaded %-16s %,14d rows %,10.1f MiB %7.1f s%n", table, rows, bytes / 1048576.0, seconds);
        return new Loaded(table, rows, bytes, seconds);
    }

    private static boolean isHypertable(Statement st, String relation) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT extname FROM pg_extension WHERE extname = 'timescaledb'")) {
            if (!rs.next()) {
                return false;
            }
        }
        try (ResultSet rs = st.executeQuery("SELECT 1 FROM timescaledb_information.hypertables WHERE hypertable_name = '"
                + relation + "'")) {
            return rs.next();
        }
    }

    private static boolean isPartitioned(Statement st, String relation) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT relkind = 'p' FROM pg_class WHERE oid = to_regclass('" + relation + "')")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private String substitute(String sql) {
        return sql.replace(":T", literal(now))
                .replace(":RAW", "interval '" + RAW_WINDOW.toSeconds() + " seconds'")
                .replace(":MINUTE", "interval '" + MINUTE_WINDOW.toSeconds() + " seconds'")
                .replace(":HOUR", "interval '" + HOUR_WINDOW.toSeconds() + " seconds'")
                .replace(":POOLS", Integer.toString(pools()))
                .replace(":HOSTS", Integer.toString(hosts()))
                .replace(":VMS", Integer.toString(vms))
                .replace(":VPH", Integer.toString(VMS_PER_HOST))
                .replace(":HPP", Integer.toString(HOSTS_PER_POOL))
                .replace(":ACCOUNTS", Integer.toString(ACCOUNTS));
    }

    private static String literal(Instant instant) {
        return "'" + instant + "'::timestamptz";
    }
}
