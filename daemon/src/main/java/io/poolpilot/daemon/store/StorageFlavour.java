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

    /** Name recorded in {@code schema_version.flavour}. */
    String name();

    /** Migration resources, in version order, under {@code db/migration/}. */
    List<String> migrations();

    /** Whether the daemon itself must create day partitions and compute rollups. */
    boolean daemonMaintainsPartitionsAndRollups();

    /** Plain PostgreSQL: native declarative partitioning by day, daemon-maintained rollups. */
    record Plain() implements StorageFlavour {
        @Override
        public String name() {
            return "plain";
        }

        @Override
        public List<String> migrations() {
            return List.of("common/V1__dimensions.sql", "plain/V2__samples_plain.sql", "common/V10__usage.sql",
                    "common/V20__plans.sql", "common/V30__alerts.sql", "common/V40__operations.sql");
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
        public List<String> migrations() {
            return List.of("common/V1__dimensions.sql", "timescale/V2__samples_timescale.sql", "common/V10__usage.sql",
                    "common/V20__plans.sql", "common/V30__alerts.sql", "common/V40__operations.sql");
        }

        @Override
        public boolean daemonMaintainsPartitionsAndRollups() {
            return false;
        }
    }

    /** What the operator asked for: detect, or force one flavour. */
    enum Choice { AUTO, PLAIN, TIMESCALE }

    /**
     * Picks the flavour: the one the schema was created with if any (a database never switches
     * flavour under a running system), else TimescaleDB when the extension is available, else plain.
     */
    static StorageFlavour detect(Connection connection, Choice choice) throws SQLException {
        Logger log = LoggerFactory.getLogger(StorageFlavour.class);
        String existing = SchemaMigrator.recordedFlavour(connection);
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
}
