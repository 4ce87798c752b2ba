package io.poolpilot.daemon.usage;

import io.poolpilot.daemon.journal.JournalReader;
import io.poolpilot.daemon.store.Relations;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The meter's storage: loads its working state and journal position, and commits records, rollups,
 * working state and the journal position in one transaction (which is what makes metering
 * exactly-once across crashes).
 */
final class UsageStore {

    /** Serialises every writer of usage_record so that record_seq order is commit order (the feed relies on it). */
    static final long FEED_LOCK_KEY = 0x7573616765666565L;

    private final DataSource dataSource;
    private final String readerName;

    UsageStore(DataSource dataSource, String readerName) {
        this.dataSource = dataSource;
        this.readerName = readerName;
    }

    /** The journal index committed with the last transaction, or {@link JournalReader#NONE}. */
    long committedIndex() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT queue_index FROM " + Relations.JOURNAL_WATERMARK
                     + " WHERE reader = ?")) {
            ps.setString(1, readerName);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : JournalReader.NONE;
            }
        }
    }

    /** Restores open hours, closed-hour horizons per pool and the account history into a fresh ledger. */
    UsageLedger load(UsageConfig config) throws SQLException {
        UsageLedger ledger = new UsageLedger(config, this::closedSeen);
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT vm_uuid, extract(epoch FROM hour_start)::bigint, state FROM "
                    + UsageRelations.USAGE_METER_STATE + " WHERE NOT closed")) {
                while (rs.next()) {
                    ledger.restoreOpen(HourAccumulator.decode(new VmHour(rs.getString(1), rs.getLong(2)), rs.getBytes(3)));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT pool_uuid, extract(epoch FROM max(hour_start))::bigint + 3600 FROM "
                    + UsageRelations.USAGE_RECORD + " GROUP BY pool_uuid")) {
                while (rs.next()) {
                    ledger.restoreClosedThrough(rs.getString(1), rs.getLong(2));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT vm_uuid, extract(epoch FROM valid_from)::bigint, account FROM "
                    + UsageRelations.USAGE_VM_ACCOUNT + " ORDER BY vm_uuid, valid_from")) {
                while (rs.next()) {
                    ledger.restoreAccount(new AccountTimeline.Change(rs.getString(1), rs.getLong(2), rs.getString(3)));
                }
            }
        }
        return ledger;
    }

    private HourAccumulator closedSeen(VmHour hour) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT state FROM " + UsageRelations.USAGE_METER_STATE
                     + " WHERE vm_uuid = ? AND hour_start = ? AND closed")) {
            ps.setString(1, hour.vmUuid());
            ps.setTimestamp(2, ts(hour.hourStartSeconds()));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? HourAccumulator.decode(hour, rs.getBytes(1)) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read closed usage state of " + hour + ": " + e.getMessage(), e);
        }
    }

    /** Writes everything in one transaction; returns the records written (with their sequence numbers). */
    List<UsageRecord> commit(UsageLedger.Changes changes, long journalIndex, Instant closedAt, Instant pruneBefore)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (Statement st = c.createStatement()) {
                    st.execute("SELECT pg_advisory_xact_lock(" + FEED_LOCK_KEY + ")");
                }
                List<UsageRecord> records = new ArrayList<>();
                for (HourAccumulator acc : changes.closed()) {
                    records.addAll(toRecords(acc, UsageRecord.Kind.HOUR, c, closedAt));
                }
                for (HourAccumulator acc : changes.adjustments()) {
                    records.addAll(toRecords(acc, UsageRecord.Kind.ADJUSTMENT, c, closedAt));
                }
                List<UsageRecord> stored = insertRecords(c, records);
                addToRollups(c, stored);
                upsertState(c, changes.open(), false);
                List<HourAccumulator> closedState = new ArrayList<>(changes.closed().size() + changes.closedSeen().size());
                changes.closed().forEach(acc -> closedState.add(acc.seenOnly()));
                closedState.addAll(changes.closedSeen());
                upsertState(c, closedState, true);
                insertAccountChanges(c, changes.accountChanges());
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + UsageRelations.USAGE_METER_STATE
                        + " WHERE closed AND hour_start < ?")) {
                    ps.setTimestamp(1, Timestamp.from(pruneBefore));
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + Relations.JOURNAL_WATERMARK
                        + " (reader, queue_index, updated_at) VALUES (?, ?, now()) ON CONFLICT (reader) DO UPDATE"
                        + " SET queue_index = excluded.queue_index, updated_at = excluded.updated_at")) {
                    ps.setString(1, readerName);
                    ps.setLong(2, journalIndex);
                    ps.executeUpdate();
                }
                c.commit();
                return stored;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static List<UsageRecord> toRecords(HourAccumulator acc, UsageRecord.Kind kind, Connection c, Instant closedAt)
            throws SQLException {
        List<UsageRecord> out = new ArrayList<>();
        Instant hourStart = Instant.ofEpochSecond(acc.key().hourStartSeconds());
        for (Map.Entry<String, UsageAmounts> e : acc.byAccount().entrySet()) {
            int revision = kind == UsageRecord.Kind.HOUR ? 0 : nextRevision(c, acc.key(), e.getKey());
            out.add(new UsageRecord(0, UsageRecord.idFor(acc.key().vmUuid(), hourStart, e.getKey(), revision), kind,
                    revision, acc.key().vmUuid(), acc.poolUuid(), e.getKey(), hourStart, e.getValue(), closedAt));
        }
        return out;
    }

    private static int nextRevision(Connection c, VmHour hour, String account) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(revision), 0) + 1 FROM "
                + UsageRelations.USAGE_RECORD + " WHERE vm_uuid = ? AND hour_start = ? AND account IS NOT DISTINCT FROM ?")) {
            ps.setString(1, hour.vmUuid());
            ps.setTimestamp(2, ts(hour.hourStartSeconds()));
            ps.setString(3, account);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static List<UsageRecord> insertRecords(Connection c, List<UsageRecord> records) throws SQLException {
        List<UsageRecord> stored = new ArrayList<>(records.size());
        if (records.isEmpty()) {
            return stored;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + UsageRelations.USAGE_RECORD
                + " (record_id, kind, revision, vm_uuid, pool_uuid, account, hour_start, covered_seconds, coverage,"
                + " running_seconds, vcpu_seconds, cpu_seconds, memory_gib_hours, memory_used_gib_hours,"
                + " memory_used_seconds, disk_read_bytes, disk_write_bytes, net_rx_bytes, net_tx_bytes, samples, closed_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"record_seq"})) {
            for (UsageRecord r : records) {
                UsageAmounts a = r.amounts();
                int i = 1;
                ps.setObject(i++, r.recordId());
                ps.setString(i++, r.kind().wireName());
                ps.setInt(i++, r.revision());
                ps.setString(i++, r.vmUuid());
                ps.setString(i++, r.poolUuid());
                ps.setString(i++, r.account());
                ps.setTimestamp(i++, Timestamp.from(r.hourStart()));
                ps.setDouble(i++, a.coveredSeconds());
                ps.setDouble(i++, r.coverage());
                ps.setDouble(i++, a.runningSeconds());
                ps.setDouble(i++, a.vcpuSeconds());
                ps.setDouble(i++, a.cpuSeconds());
                ps.setDouble(i++, a.memoryGibHours());
                ps.setDouble(i++, a.memoryUsedGibHours());
                ps.setDouble(i++, a.memoryUsedSeconds());
                ps.setDouble(i++, a.diskReadBytes());
                ps.setDouble(i++, a.diskWriteBytes());
                ps.setDouble(i++, a.netRxBytes());
                ps.setDouble(i++, a.netTxBytes());
                ps.setLong(i++, a.samples());
                ps.setTimestamp(i, Timestamp.from(r.closedAt()));
                ps.addBatch();
            }
            ps.executeBatch();
            // One batch, keys returned in insertion order: record_seq follows the list order.
            try (ResultSet rs = ps.getGeneratedKeys()) {
                for (UsageRecord r : records) {
                    if (!rs.next()) {
                        throw new SQLException("usage_record insert returned fewer keys than the " + records.size() + " rows");
                    }
                    stored.add(new UsageRecord(rs.getLong(1), r.recordId(), r.kind(), r.revision(), r.vmUuid(),
                            r.poolUuid(), r.account(), r.hourStart(), r.amounts(), r.closedAt()));
                }
            }
        }
        return stored;
    }

    private static void addToRollups(Connection c, List<UsageRecord> records) throws SQLException {
        addToRollup(c, records, UsageRelations.USAGE_ACCOUNT_HOUR, "hour_start", VmHour.HOUR_SECONDS);
        addToRollup(c, records, UsageRelations.USAGE_ACCOUNT_DAY, "day_start", 86_400);
    }

    private static void addToRollup(Connection c, List<UsageRecord> records, String table, String periodColumn,
                                    long periodSeconds) throws SQLException {
        if (records.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                + " AS h (account, " + periodColumn + ", vm_hours, covered_seconds, running_seconds, vcpu_seconds, cpu_seconds,"
                + " memory_gib_hours, memory_used_gib_hours, disk_read_bytes, disk_write_bytes, net_rx_bytes, net_tx_bytes)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account, " + periodColumn + ") DO UPDATE SET"
                + " vm_hours = h.vm_hours + excluded.vm_hours, covered_seconds = h.covered_seconds + excluded.covered_seconds,"
                + " running_seconds = h.running_seconds + excluded.running_seconds,"
                + " vcpu_seconds = h.vcpu_seconds + excluded.vcpu_seconds, cpu_seconds = h.cpu_seconds + excluded.cpu_seconds,"
                + " memory_gib_hours = h.memory_gib_hours + excluded.memory_gib_hours,"
                + " memory_used_gib_hours = h.memory_used_gib_hours + excluded.memory_used_gib_hours,"
                + " disk_read_bytes = h.disk_read_bytes + excluded.disk_read_bytes,"
                + " disk_write_bytes = h.disk_write_bytes + excluded.disk_write_bytes,"
                + " net_rx_bytes = h.net_rx_bytes + excluded.net_rx_bytes, net_tx_bytes = h.net_tx_bytes + excluded.net_tx_bytes")) {
            // Records of one account and hour are summed first: one row may be updated once per statement batch.
            Map<String, UsageAmounts> sums = new java.util.LinkedHashMap<>();
            Map<String, Integer> vmHours = new java.util.HashMap<>();
            for (UsageRecord r : records) {
                String key = accountKey(r.account()) + "\n"
                        + Math.floorDiv(r.hourStart().getEpochSecond(), periodSeconds) * periodSeconds;
                sums.merge(key, r.amounts(), UsageAmounts::plus);
                vmHours.merge(key, r.kind() == UsageRecord.Kind.HOUR ? 1 : 0, Integer::sum);
            }
            for (Map.Entry<String, UsageAmounts> e : sums.entrySet()) {
                String[] parts = e.getKey().split("\n", 2);
                UsageAmounts a = e.getValue();
                int i = 1;
                ps.setString(i++, parts[0]);
                ps.setTimestamp(i++, ts(Long.parseLong(parts[1])));
                ps.setInt(i++, vmHours.get(e.getKey()));
                ps.setDouble(i++, a.coveredSeconds());
                ps.setDouble(i++, a.runningSeconds());
                ps.setDouble(i++, a.vcpuSeconds());
                ps.setDouble(i++, a.cpuSeconds());
                ps.setDouble(i++, a.memoryGibHours());
                ps.setDouble(i++, a.memoryUsedGibHours());
                ps.setDouble(i++, a.diskReadBytes());
                ps.setDouble(i++, a.diskWriteBytes());
                ps.setDouble(i++, a.netRxBytes());
                ps.setDouble(i, a.netTxBytes());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Rollups group VMs without an account under this name (records keep SQL NULL). */
    static final String UNASSIGNED_ACCOUNT = "";

    static String accountKey(String account) {
        return account == null ? UNASSIGNED_ACCOUNT : account;
    }

    private static void upsertState(Connection c, List<HourAccumulator> accs, boolean closed) throws SQLException {
        if (accs.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + UsageRelations.USAGE_METER_STATE
                + " (vm_uuid, hour_start, closed, state) VALUES (?, ?, ?, ?) ON CONFLICT (vm_uuid, hour_start)"
                + " DO UPDATE SET closed = excluded.closed, state = excluded.state")) {
            int n = 0;
            for (HourAccumulator acc : accs) {
                ps.setString(1, acc.key().vmUuid());
                ps.setTimestamp(2, ts(acc.key().hourStartSeconds()));
                ps.setBoolean(3, closed);
                ps.setBytes(4, acc.encode());
                ps.addBatch();
                if (++n % 1000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    private static void insertAccountChanges(Connection c, List<AccountTimeline.Change> changes) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + UsageRelations.USAGE_VM_ACCOUNT
                + " (vm_uuid, valid_from, account) VALUES (?, ?, ?) ON CONFLICT (vm_uuid, valid_from)"
                + " DO UPDATE SET account = excluded.account")) {
            for (AccountTimeline.Change change : changes) {
                ps.setString(1, change.vmUuid());
                ps.setTimestamp(2, ts(change.validFromSeconds()));
                ps.setString(3, change.account());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static Timestamp ts(long epochSeconds) {
        return Timestamp.from(Instant.ofEpochSecond(epochSeconds));
    }

    static UUID uuid(Object value) {
        return value instanceof UUID u ? u : UUID.fromString(value.toString());
    }
}
