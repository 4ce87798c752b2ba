package io.poolpilot.daemon.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.poolpilot.daemon.journal.JournalEntry;
import io.poolpilot.daemon.metrics.MetricNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * TimescaleDB: chunks, compression, retention and the recent buckets of the continuous aggregates are
 * the server's own jobs; late data is the writer's. Each batch records, in its own transaction, the
 * hours of samples older than {@link #BACKFILL_AFTER} by the database's clock (the 1-minute aggregate's
 * policy looks back only 1 hour) in {@code rollup_refresh}; between batches the writer refreshes exactly
 * those hours with {@code refresh_continuous_aggregate}, 1-minute aggregates first, then 1-hour ones.
 *
 * <p>A refresh recomputes its window from the raw samples and deletes rollup rows it finds no samples
 * for, so an hour that starts before raw retention's cutoff (read from the server's retention policy)
 * is never refreshed: its row is dropped, counted and logged instead.
 */
final class TimescaleMaintenance implements StoreMaintenance {

    private static final Logger LOG = LoggerFactory.getLogger(TimescaleMaintenance.class);

    /** Samples older than this may be behind the 1-minute aggregate's policy window (1 hour, every minute). */
    static final Duration BACKFILL_AFTER = Duration.ofMinutes(30);
    /** Refresh order: the hourly aggregates are computed from the minute ones. */
    static final List<String> AGGREGATES = List.of(Relations.VM_SAMPLE_1M, Relations.HOST_SAMPLE_1M,
            Relations.VM_SAMPLE_1H, Relations.HOST_SAMPLE_1H);

    private static final String MARK = "INSERT INTO " + Relations.ROLLUP_REFRESH + " (bucket)"
            + " SELECT DISTINCT date_trunc('hour', to_timestamp(s)) FROM unnest(?::bigint[]) AS s"
            + " WHERE to_timestamp(s) < now() - interval '" + BACKFILL_AFTER.toSeconds() + " seconds' ON CONFLICT DO NOTHING";
    /** Start of the first whole hour whose raw samples retention has certainly kept; null without a retention policy. */
    private static final String RETAINED_FROM = "SELECT date_trunc('hour', now() - (config->>'drop_after')::interval)"
            + " + interval '1 hour' FROM timescaledb_information.jobs WHERE proc_name = 'policy_retention'"
            + " AND hypertable_schema = current_schema() AND hypertable_name = '" + Relations.VM_SAMPLE + "'";

    private final DbWriterConfig config;
    private final Counter hoursRefreshed;
    private final Counter hoursPastRetention;
    private long nextRunMillis;

    TimescaleMaintenance(DbWriterConfig config, MeterRegistry registry) {
        this.config = config;
        this.hoursRefreshed = Counter.builder(MetricNames.STORE_BACKFILL_REFRESHED)
                .description("Hours of back-filled samples refreshed in the continuous aggregates").register(registry);
        this.hoursPastRetention = Counter.builder(MetricNames.STORE_BACKFILL_PAST_RETENTION)
                .description("Back-filled hours not refreshed because raw retention already dropped their samples")
                .register(registry);
    }

    @Override
    public void reset() {
        nextRunMillis = 0; // Hours left by a previous run (or a crash) are refreshed at once.
    }

    @Override
    public void beforeBatch(Connection connection, List<JournalEntry> batch, long minSecond, long maxSecond) {
    }

    @Override
    public void inTransaction(Connection connection, PreparedBatch batch) throws SQLException {
        if (batch.minutes.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(MARK)) {
            Array minutes = connection.createArrayOf("bigint", batch.minutes.toArray());
            ps.setArray(1, minutes);
            ps.executeUpdate();
        }
    }

    @Override
    public long dueAtMillis() {
        return nextRunMillis;
    }

    /** Refreshes recorded hours, oldest first, for up to about a second, so that batches keep flowing. */
    @Override
    public void run(Connection connection) throws SQLException {
        if (System.currentTimeMillis() < nextRunMillis) {
            return;
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true); // refresh_continuous_aggregate refuses to run inside a transaction
        try {
            dropPastRetention(connection);
            long budgetEnd = System.nanoTime() + 1_000_000_000L;
            Instant hour;
            while ((hour = oldest(connection)) != null) {
                for (String aggregate : AGGREGATES) {
                    try (PreparedStatement ps = connection.prepareStatement(
                            "CALL refresh_continuous_aggregate(?::regclass, ?::timestamptz, ?::timestamptz)")) {
                        ps.setString(1, aggregate);
                        ps.setTimestamp(2, Timestamp.from(hour));
                        ps.setTimestamp(3, Timestamp.from(hour.plusSeconds(3600)));
                        ps.execute();
                    }
                }
                try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + Relations.ROLLUP_REFRESH
                        + " WHERE bucket = ?")) {
                    ps.setTimestamp(1, Timestamp.from(hour));
                    ps.executeUpdate();
                }
                hoursRefreshed.increment();
                LOG.debug("event=backfill_refreshed hour={}", hour);
                if (System.nanoTime() > budgetEnd) {
                    break;
                }
            }
            // More hours waiting: come back right after the next batch; otherwise after a rollup interval.
            nextRunMillis = System.currentTimeMillis() + (hour != null ? 0 : config.rollupInterval().toMillis());
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private void dropPastRetention(Connection connection) throws SQLException {
        Timestamp retainedFrom = null;
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(RETAINED_FROM)) {
            if (rs.next()) {
                retainedFrom = rs.getTimestamp(1);
            }
        }
        if (retainedFrom == null) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + Relations.ROLLUP_REFRESH
                + " WHERE bucket < ? RETURNING bucket")) {
            ps.setTimestamp(1, retainedFrom);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    hoursPastRetention.increment();
                    LOG.warn("event=backfill_past_retention hour={} retainedFrom={} (not refreshed: raw samples of that hour"
                            + " may be dropped already, and a refresh would delete the rollups kept for it)",
                            rs.getTimestamp(1).toInstant(), retainedFrom.toInstant());
                }
            }
        }
    }

    private static Instant oldest(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT bucket FROM "
                + Relations.ROLLUP_REFRESH + " ORDER BY bucket LIMIT 1")) {
            return rs.next() ? rs.getTimestamp(1).toInstant() : null;
        }
    }
}
