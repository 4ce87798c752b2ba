package io.poolpilot.daemon.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Plain flavour: creates the daily partitions of {@code vm_sample} and {@code host_sample} ahead of
 * time (and on demand for late samples) and drops those past retention. Days are UTC days.
 */
public final class PartitionMaintainer {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionMaintainer.class);
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final List<String> PARENTS = List.of(Relations.VM_SAMPLE, Relations.HOST_SAMPLE);

    private final Set<LocalDate> known = new HashSet<>();

    /** Name of the partition of {@code parent} holding {@code day}. */
    public static String partitionName(String parent, LocalDate day) {
        return parent + "_p" + SUFFIX.format(day);
    }

    /** Forgets what it knows (after reconnecting: the server is the truth). */
    void reset() {
        known.clear();
    }

    /** Ensures partitions exist for every day in [from, to]; each CREATE commits on its own. */
    public void ensureDays(Connection connection, LocalDate from, LocalDate to) throws SQLException {
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            ensureDay(connection, day);
        }
    }

    /** Ensures the partitions for {@code day} exist. Runs in autocommit so that a failed batch never undoes it. */
    public void ensureDay(Connection connection, LocalDate day) throws SQLException {
        if (known.contains(day)) {
            return;
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (Statement st = connection.createStatement()) {
            for (String parent : PARENTS) {
                String from = day.atStartOfDay().atOffset(ZoneOffset.UTC).toString();
                String to = day.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC).toString();
                st.execute("CREATE TABLE IF NOT EXISTS " + partitionName(parent, day) + " PARTITION OF " + parent
                        + " FOR VALUES FROM ('" + from + "') TO ('" + to + "')");
            }
            known.add(day);
            LOG.debug("sample partitions ready day={}", day);
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** Drops partitions whose whole day is before {@code cutoff}; returns how many tables were dropped. */
    public int dropBefore(Connection connection, LocalDate cutoff) throws SQLException {
        int dropped = 0;
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (Statement st = connection.createStatement()) {
            for (String parent : PARENTS) {
                List<String> old = new java.util.ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                        + " WHERE i.inhparent = '" + parent + "'::regclass")) {
                    while (rs.next()) {
                        String name = rs.getString(1);
                        String suffix = name.substring(name.lastIndexOf("_p") + 2);
                        if (suffix.length() == 8 && LocalDate.parse(suffix, SUFFIX).isBefore(cutoff)) {
                            old.add(name);
                        }
                    }
                }
                for (String name : old) {
                    st.execute("DROP TABLE IF EXISTS " + name);
                    LOG.info("sample partition dropped table={} retentionCutoff={}", name, cutoff);
                    dropped++;
                }
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        known.removeIf(day -> day.isBefore(cutoff));
        return dropped;
    }
}
