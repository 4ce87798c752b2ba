package io.poolpilot.daemon.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Which storage the database offers: TimescaleDB (hypertables, compression, continuous aggregates)
 * or plain PostgreSQL (daily partitions and rollups kept by the daemon). Readers see the same
 * relations in both; only the writer and the migrations differ.
 */
public sealed interface StorageFlavour {

    /** Name in logs and readiness. */
    String name();

    /** Flyway locations of this flavour's migrations: the common ones and its own. */
    List<String> locations();

    /** Whether the daemon itself must create day partitions and compute rollups. */
    boolean daemonMaintainsPartitionsAndRollups();

    /** Plain PostgreSQL: native declarative partitioning by day, daemon-maintained rollups. */
    record Plain() implements StorageFlavour {
        @Override
        public String name() {
            return "plain";
        }

        @Override
        public List<String> locations() {
            return List.of(COMMON_LOCATION, "classpath:db/migration/plain");
        }

        @Override
        public boolean daemonMaintainsPartitionsAndRollups() {
            return true;
        }
    }

    /** TimescaleDB 2.x: hypertables, compression, retention and continuous aggregate policies. */
    record Timescale(String extensionVersion) implements StorageFlavour {
        @Override
        public String name() {
            return "timescale";
        }

        @Override
        public List<String> locations() {
            return List.of(COMMON_LOCATION, "classpath:db/migration/timescale");
        }

        @Override
        public boolean daemonMaintainsPartitionsAndRollups() {
            return false;
        }
    }

    /** Migrations both flavours share. */
    String COMMON_LOCATION = "classpath:db/migration/common";

    /** What the operator asked for: detect, or force one flavour. */
    enum Choice { AUTO, PLAIN, TIMESCALE }

    /**
     * Picks the flavour: the one the schema was created with if any (read from the sample table itself) (a database never switches
     * flavour under a running system), else TimescaleDB when the extension is available, else plain.
     */
    static StorageFlavour detect(Connection connection, Choice choice) throws SQLException {
        Logger log = LoggerFactory.getLogger(StorageFlavour.class);
        String existing = schemaFlavour(connection);
        String available = null;
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT default_version FROM pg_available_extensions WHERE name = 'timescaledb'")) {
            if (rs.next()) {
                available = rs.getString(1);
            }
        }
        StorageFlavour flavour;
        if (existing != null) {
            flavour = "timescale".equals(existing) ? new Timescale(available) : new Plain();
            if (choice != Choice.AUTO && !choice.name().equalsIgnoreCase(existing)) {
                log.warn("storage flavour {} requested but the schema was created as {}; keeping {}", choice, existing, existing);
            }
        } else if (choice == Choice.PLAIN) {
            flavour = new Plain();
        } else if (choice == Choice.TIMESCALE) {
            if (available == null) {
                throw new SQLException("storage flavour TIMESCALE requested but the timescaledb extension is not "
                        + "available on this server (pg_available_extensions); install it or choose AUTO/PLAIN");
            }
            flavour = new Timescale(available);
        } else {
            flavour = available != null ? new Timescale(available) : new Plain();
        }
        log.info("storage flavour={} timescaledbAvailable={} schemaFlavour={}", flavour.name(), available, existing);
        return flavour;
    }

    /**
     * The flavour an existing schema was created with, from the catalog: the sample table is
     * partitioned on plain PostgreSQL and a hypertable (a plain table) under TimescaleDB; null before it exists.
     */
    private static String schemaFlavour(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT relkind FROM pg_class WHERE oid = to_regclass('" + Relations.VM_SAMPLE + "')")) {
            if (!rs.next()) {
                return null;
            }
            return "p".equals(rs.getString(1)) ? new Plain().name() : new Timescale(null).name();
        }
    }
}
