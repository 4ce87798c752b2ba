package io.poolpilot.daemon.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.poolpilot.daemon.metrics.MetricNames;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Plain flavour: keeps {@code *_1m} and {@code *_1h} rollups up to date. The DB writer marks the
 * minute buckets it touched in {@code rollup_dirty} in the same transaction as the samples; this job
 * recomputes each finished dirty bucket with an idempotent upsert (late samples simply mark their
 * bucket dirty again), and marks the hour it belongs to dirty for the hourly rollup.
 *
 * <p>Hourly values are sample-weighted means of the minute means, the same formula the TimescaleDB
 * flavour's hierarchical continuous aggregate uses; maxima and minima are exact.
 */
public final class RollupMaintainer {

    static final String MINUTE = "1m";
    static final String HOUR = "1h";

    private static final String VM_1M = "INSERT INTO " + Relations.VM_SAMPLE_1M + " SELECT date_trunc('minute', ts) AS bucket,"
            + " vm_id, count(*), avg(cpu_used_cores), max(cpu_used_cores), avg(memory_bytes)::double precision,"
            + " min(memory_free_bytes), avg(memory_target_bytes)::double precision, avg(disk_read_bytes_per_second),"
            + " avg(disk_write_bytes_per_second), avg(net_rx_bytes_per_second), avg(net_tx_bytes_per_second)"
            + " FROM " + Relations.VM_SAMPLE + " WHERE ts >= ? AND ts < ? GROUP BY date_trunc('minute', ts), vm_id"
            + " ON CONFLICT (vm_id, bucket) DO UPDATE SET sample_count = excluded.sample_count,"
            + " cpu_used_cores_avg = excluded.cpu_used_cores_avg, cpu_used_cores_max = excluded.cpu_used_cores_max,"
            + " memory_bytes_avg = excluded.memory_bytes_avg, memory_free_bytes_min = excluded.memory_free_bytes_min,"
            + " memory_target_bytes_avg = excluded.memory_target_bytes_avg,"
            + " disk_read_bytes_per_second_avg = excluded.disk_read_bytes_per_second_avg,"
            + " disk_write_bytes_per_second_avg = excluded.disk_write_bytes_per_second_avg,"
            + " net_rx_bytes_per_second_avg = excluded.net_rx_bytes_per_second_avg,"
            + " net_tx_bytes_per_second_avg = excluded.net_tx_bytes_per_second_avg";

    private static final String HOST_1M = "INSERT INTO " + Relations.HOST_SAMPLE_1M + " SELECT date_trunc('minute', ts) AS bucket,"
            + " host_id, count(*), avg(cpu_fraction), max(cpu_fraction), avg(memory_free_bytes)::double precision,"
            + " min(memory_free_bytes), avg(load_average), avg(net_rx_bytes_per_second), avg(net_tx_bytes_per_second)"
            + " FROM " + Relations.HOST_SAMPLE + " WHERE ts >= ? AND ts < ? GROUP BY date_trunc('minute', ts), host_id"
            + " ON CONFLICT (host_id, bucket) DO UPDATE SET sample_count = excluded.sample_count,"
            + " cpu_fraction_avg = excluded.cpu_fraction_avg, cpu_fraction_max = excluded.cpu_fraction_max,"
            + " memory_free_bytes_avg = excluded.memory_free_bytes_avg, memory_free_bytes_min = excluded.memory_free_bytes_min,"
            + " load_average_avg = excluded.load_average_avg, net_rx_bytes_per_second_avg = excluded.net_rx_bytes_per_second_avg,"
            + " net_tx_bytes_per_second_avg = excluded.net_tx_bytes_per_second_avg";

    private static String weighted(String column) {
        return "sum(" + column + " * sample_count) / nullif(sum(sample_count) FILTER (WHERE " + column + " IS NOT NULL), 0)";
    }

    private static final String VM_1H = "INSERT INTO " + Relations.VM_SAMPLE_1H + " SELECT date_trunc('hour', bucket),"
            + " vm_id, sum(sample_count)::bigint, " + weighted("cpu_used_cores_avg") + ", max(cpu_used_cores_max), "
            + weighted("memory_bytes_avg") + ", min(memory_free_bytes_min), " + weighted("memory_target_bytes_avg") + ", "
            + weighted("disk_read_bytes_per_second_avg") + ", " + weighted("disk_write_bytes_per_second_avg") + ", "
            + weighted("net_rx_bytes_per_second_avg") + ", " + weighted("net_tx_bytes_per_second_avg")
            + " FROM " + Relations.VM_SAMPLE_1M + " WHERE bucket >= ? AND bucket < ? GROUP BY date_trunc('hour', bucket), vm_id"
            + " ON CONFLICT (vm_id, bucket) DO UPDATE SET sample_count = excluded.sample_count,"
            + " cpu_used_cores_avg = excluded.cpu_used_cores_avg, cpu_used_cores_max = excluded.cpu_used_cores_max,"
            + " memory_bytes_avg = excluded.memory_bytes_avg, memory_free_bytes_min = excluded.memory_free_bytes_min,"
            + " memory_target_bytes_avg = excluded.memory_target_bytes_avg,"
            + " disk_read_bytes_per_second_avg = excluded.disk_read_bytes_per_second_avg,"
            + " disk_write_bytes_per_second_avg = excluded.disk_write_bytes_per_second_avg,"
            + " net_rx_bytes_per_second_avg = excluded.net_rx_bytes_per_second_avg,"
            + " net_tx_bytes_per_second_avg = excluded.net_tx_bytes_per_second_avg";

    private static final String HOST_1H = "INSERT INTO " + Relations.HOST_SAMPLE_1H + " SELECT date_trunc('hour', bucket),"
            + " host_id, sum(sample_count)::bigint, " + weighted("cpu_fraction_avg") + ", max(cpu_fraction_max), "
            + weighted("memory_free_bytes_avg") + ", min(memory_free_bytes_min), " + weighted("load_average_avg") + ", "
            + weighted("net_rx_bytes_per_second_avg") + ", " + weighted("net_tx_bytes_per_second_avg")
            + " FROM " + Relations.HOST_SAMPLE_1M + " WHERE bucket >= ? AND bucket < ? GROUP BY date_trunc('hour', bucket), host_id"
            + " ON CONFLICT (host_id, bucket) DO UPDATE SET sample_count = excluded.sample_count,"
            + " cpu_fraction_avg = excluded.cpu_fraction_avg, cpu_fraction_max = excluded.cpu_fraction_max,"
            + " memory_free_bytes_avg = excluded.memory_free_bytes_avg, memory_free_bytes_min = excluded.memory_free_bytes_min,"
            + " load_average_avg = excluded.load_average_avg, net_rx_bytes_per_second_avg = excluded.net_rx_bytes_per_second_avg,"
            + " net_tx_bytes_per_second_avg = excluded.net_tx_bytes_per_second_avg";

    private final Counter minuteBuckets;
    private final Counter hourBuckets;

    public RollupMaintainer(MeterRegistry registry) {
        this.minuteBuckets = Counter.builder(MetricNames.STORE_ROLLUP_BUCKETS).tag(MetricNames.TAG_RESOLUTION, MINUTE)
                .description("Rollup buckets recomputed").register(registry);
        this.hourBuckets = Counter.builder(MetricNames.STORE_ROLLUP_BUCKETS).tag(MetricNames.TAG_RESOLUTION, HOUR)
                .description("Rollup buckets recomputed").register(registry);
    }

    /** Marks minute buckets dirty inside the writer's transaction. */
    static void markMinutesDirty(Connection connection, Collection<Long> minuteEpochSeconds) throws SQLException {
        if (minuteEpochSeconds.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + Relations.ROLLUP_DIRTY
                + " (resolution, bucket) SELECT '" + MINUTE + "', to_timestamp(s) FROM unnest(?::bigint[]) AS s ON CONFLICT DO NOTHING")) {
            Array array = connection.createArrayOf("bigint", minuteEpochSeconds.toArray());
            ps.setArray(1, array);
            ps.executeUpdate();
        }
    }

    /**
     * Recomputes up to {@code maxBuckets} finished dirty minute buckets, then up to {@code maxBuckets}
     * finished dirty hour buckets, in one transaction. Returns the number of buckets recomputed;
     * call again while it returns a positive number to drain a backlog.
     */
    public int refresh(Connection connection, Instant now, int maxBuckets) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            int done = 0;
            List<Instant> minutes = takeDirty(connection, MINUTE, now.minusSeconds(60), maxBuckets);
            for (Instant minute : minutes) {
                run(connection, VM_1M, minute, minute.plusSeconds(60));
                run(connection, HOST_1M, minute, minute.plusSeconds(60));
                try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + Relations.ROLLUP_DIRTY
                        + " (resolution, bucket) VALUES ('" + HOUR + "', date_trunc('hour', ?::timestamptz)) ON CONFLICT DO NOTHING")) {
                    ps.setTimestamp(1, Timestamp.from(minute));
                    ps.executeUpdate();
                }
            }
            minuteBuckets.increment(minutes.size());
            done += minutes.size();
            List<Instant> hours = takeDirty(connection, HOUR, now.minusSeconds(3600), maxBuckets);
            for (Instant hour : hours) {
                run(connection, VM_1H, hour, hour.plusSeconds(3600));
                run(connection, HOST_1H, hour, hour.plusSeconds(3600));
            }
            hourBuckets.increment(hours.size());
            done += hours.size();
            connection.commit();
            return done;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * Rollup retention: deletes 1-minute rows older than {@code minuteCutoff} and 1-hour rows older than
     * {@code hourCutoff} (both outlive raw samples); autocommit, returns the rows deleted.
     */
    static long deleteOlderThan(Connection connection, Instant minuteCutoff, Instant hourCutoff) throws SQLException {
        long deleted = 0;
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try {
            for (String table : List.of(Relations.VM_SAMPLE_1M, Relations.HOST_SAMPLE_1M, Relations.VM_SAMPLE_1H,
                    Relations.HOST_SAMPLE_1H)) {
                try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + table + " WHERE bucket < ?")) {
                    ps.setTimestamp(1, Timestamp.from(table.endsWith("_1m") ? minuteCutoff : hourCutoff));
                    deleted += ps.executeUpdate();
                }
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        return deleted;
    }

    /** Removes and returns the oldest dirty buckets that started at or before {@code finishedBy}. */
    private static List<Instant> takeDirty(Connection connection, String resolution, Instant finishedBy, int max) throws SQLException {
        List<Instant> buckets = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + Relations.ROLLUP_DIRTY
                + " WHERE (resolution, bucket) IN (SELECT resolution, bucket FROM " + Relations.ROLLUP_DIRTY
                + " WHERE resolution = ? AND bucket <= ? ORDER BY bucket LIMIT ?) RETURNING bucket")) {
            ps.setString(1, resolution);
            ps.setTimestamp(2, Timestamp.from(finishedBy));
            ps.setInt(3, max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    buckets.add(rs.getTimestamp(1).toInstant());
                }
            }
        }
        buckets.sort(null);
        return buckets;
    }

    private static void run(Connection connection, String sql, Instant from, Instant to) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            ps.executeUpdate();
        }
    }
}
