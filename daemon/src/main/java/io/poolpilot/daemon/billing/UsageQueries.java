package io.poolpilot.daemon.billing;

import io.poolpilot.daemon.usage.UsageAmounts;
import io.poolpilot.daemon.usage.UsageRecord;
import io.poolpilot.daemon.usage.UsageRelations;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Read side of billing: usage per VM or per account by hour, day or month, and the feed of closed
 * records with a monotonic cursor. Blocking JDBC: call from a worker, never from an event loop.
 */
public final class UsageQueries {

    /** Largest feed page. */
    public static final int MAX_FEED_LIMIT = 10_000;

    private static final String AMOUNT_SUMS = "sum(covered_seconds), sum(running_seconds), sum(vcpu_seconds),"
            + " sum(cpu_seconds), sum(memory_gib_hours), sum(memory_used_gib_hours), sum(disk_read_bytes),"
            + " sum(disk_write_bytes), sum(net_rx_bytes), sum(net_tx_bytes)";

    private final DataSource dataSource;

    public UsageQueries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Usage for the query: per VM from the records when a VM is named, else per account from the
     * hourly account rollup (which the meter maintains as it closes hours).
     */
    public List<UsageRow> usage(UsageQuery q) throws SQLException {
        String bucket = "date_trunc('" + q.granularity().sqlField() + "', hour_start, 'UTC')";
        // Days and months over whole UTC days read the daily rollup: 31 rows per account and month, not 744.
        boolean daily = q.granularity() != Granularity.HOUR && q.from().getEpochSecond() % 86_400 == 0
                && q.to().getEpochSecond() % 86_400 == 0 && q.from().getNano() == 0 && q.to().getNano() == 0;
        String rollup = daily ? UsageRelations.USAGE_ACCOUNT_DAY : UsageRelations.USAGE_ACCOUNT_HOUR;
        String rollupTime = daily ? "day_start" : "hour_start";
        String sql;
        if (q.vmUuid() != null) {
            sql = "SELECT account, vm_uuid, " + bucket + " AS period, count(*) FILTER (WHERE kind = 'hour'), "
                    + AMOUNT_SUMS + ", sum(memory_used_seconds), sum(samples) FROM " + UsageRelations.USAGE_RECORD
                    + " WHERE vm_uuid = ? AND hour_start >= ? AND hour_start < ?"
                    + (q.account() != null ? " AND account = ?" : "")
                    + " GROUP BY account, vm_uuid, period ORDER BY period, account NULLS FIRST";
        } else {
            sql = "SELECT nullif(account, ''), NULL, " + bucket.replace("hour_start", rollupTime) + " AS period, sum(vm_hours), "
                    + AMOUNT_SUMS + ", 0, 0 FROM " + rollup + " WHERE " + rollupTime + " >= ? AND " + rollupTime + " < ?"
                    + (q.account() != null ? " AND account = ?" : "")
                    + " GROUP BY account, period ORDER BY period, account";
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (q.vmUuid() != null) {
                ps.setString(i++, q.vmUuid());
            }
            ps.setTimestamp(i++, Timestamp.from(q.from()));
            ps.setTimestamp(i++, Timestamp.from(q.to()));
            if (q.account() != null) {
                ps.setString(i, q.account());
            }
            List<UsageRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long vmHours = rs.getLong(4);
                    UsageAmounts amounts = new UsageAmounts(rs.getDouble(5), rs.getDouble(6), rs.getDouble(7),
                            rs.getDouble(8), rs.getDouble(9), rs.getDouble(10), rs.getDouble(15), rs.getDouble(11),
                            rs.getDouble(12), rs.getDouble(13), rs.getDouble(14), rs.getLong(16));
                    double coverage = vmHours == 0 ? 0 : Math.min(1, amounts.coveredSeconds() / (vmHours * 3600.0));
                    rows.add(new UsageRow(rs.getString(1), rs.getString(2), q.granularity(),
                            rs.getTimestamp(3).toInstant(), vmHours, coverage, amounts));
                }
            }
            return rows;
        }
    }

    /**
     * Records after {@code afterCursor} (null or empty: from the first), oldest first. The cursor is
     * the record's feed sequence; records are only ever appended behind it, so pulling twice from
     * the same cursor returns the same records and never skips one.
     */
    public FeedPage feed(String afterCursor, int limit) throws SQLException {
        long after = parseCursor(afterCursor);
        if (limit < 1 || limit > MAX_FEED_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_FEED_LIMIT + ", got " + limit);
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT record_seq, record_id, kind, revision, vm_uuid, pool_uuid, account, hour_start, covered_seconds,"
                        + " running_seconds, vcpu_seconds, cpu_seconds, memory_gib_hours, memory_used_gib_hours,"
                        + " memory_used_seconds, disk_read_bytes, disk_write_bytes, net_rx_bytes, net_tx_bytes, samples,"
                        + " closed_at FROM " + UsageRelations.USAGE_RECORD
                        + " WHERE record_seq > ? ORDER BY record_seq LIMIT ?")) {
            ps.setLong(1, after);
            ps.setInt(2, limit + 1);
            List<UsageRecord> records = new ArrayList<>();
            boolean more = false;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (records.size() == limit) {
                        more = true;
                        break;
                    }
                    records.add(record(rs));
                }
            }
            String next = records.isEmpty() ? cursor(after) : cursor(records.getLast().sequence());
            return new FeedPage(records, next, more);
        }
    }

    private static UsageRecord record(ResultSet rs) throws SQLException {
        UsageAmounts amounts = new UsageAmounts(rs.getDouble(9), rs.getDouble(10), rs.getDouble(11), rs.getDouble(12),
                rs.getDouble(13), rs.getDouble(14), rs.getDouble(15), rs.getDouble(16), rs.getDouble(17),
                rs.getDouble(18), rs.getDouble(19), rs.getLong(20));
        return new UsageRecord(rs.getLong(1), (UUID) rs.getObject(2), UsageRecord.Kind.fromWire(rs.getString(3)),
                rs.getInt(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant(),
                amounts, rs.getTimestamp(21).toInstant());
    }

    /** The opaque cursor for a feed sequence (a decimal number today; clients must not rely on it). */
    public static String cursor(long sequence) {
        return Long.toString(sequence);
    }

    static long parseCursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        try {
            long value = Long.parseLong(cursor);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cursor must be a value returned as nextCursor by the feed, got '"
                    + cursor + "'");
        }
    }
}
