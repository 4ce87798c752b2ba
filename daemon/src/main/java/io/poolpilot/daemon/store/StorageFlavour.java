package io.poolpilot.daemon.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * Which storage the database offers: TimescaleDB (hypertables, compression, continuous aggregates)
 * or plain PostgreSQL (daily partitions and rollups kept by the daemon). Readers see the same
 * relations in both; only the writer and the migrations differ.
 */
public sealed interface StorageFlavour {

    /** Name in logs, readiness and the {@code database.flavour} setting. */
    String name();

    /** Flyway locations of this flavour's migrations: the common ones and its own. */
    List<String> locations();

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
    }

    /** TimescaleDB 2.x: hypertables, compression, retention and continuous aggregate policies. */
    record Timescale(String extensionVersion) implements StorageFlavour {
        @Override
        public String name() {
            return "timescaledb";
        }

        @Override
        public List<String> locations() {
            return List.of(COMMON_LOCATION, "classpath:db/migration/timescale");
        }
    }

    /** Migrations both flavours share. */
    String COMMON_LOCATION = "classpath:db/migration/common";

    /** What the operator asked for ({@code database.flavour}): detect, or force one flavour. */
    enum Choice {
        AUTO, PLAIN, TIMESCALEDB;

        /** Parses {@code auto | plain | timescaledb} (any case). */
        public static Choice parse(String text) {
            for (Choice choice : values()) {
                if (choice.name().equalsIgnoreCase(text.strip())) {
                    return choice;
                }
            }
            throw new IllegalArgumentException("database.flavour must be auto, plain or timescaledb, got '" + text + "'");
        }

        public String setting() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Picks the flavour: the one the schema was created with if any (read from the sample table itself; a
     * database never switches flavour under a running system), else TimescaleDB when the extension is
     * available (AUTO) or asked for, else plain. Choosing TimescaleDB on a server where it cannot work
     * (not preloaded, too old, no privilege to create it) fails here, naming the fix, rather than in a migration.
     */
    static StorageFlavour detect(Connection connection, Choice choice) throws SQLException {
        Logger log = LoggerFactory.getLogger(StorageFlavour.class);
        String existing = schemaFlavour(connection);
        TimescaleServer server = TimescaleServer.inspect(connection);
        StorageFlavour flavour;
        if (existing != null) {
            if (choice != Choice.AUTO && !choice.setting().equals(existing)) {
                throw new SQLException("database.flavour is " + choice.setting() + " but this database's schema was created as "
                        + existing + "; a database never changes flavour: set database.flavour: " + existing
                        + " (or auto), or point database.url at a new database");
            }
            flavour = existing.equals("plain") ? new Plain() : timescale(server);
        } else if (choice == Choice.PLAIN) {
            flavour = new Plain();
        } else if (choice == Choice.TIMESCALEDB || server.availableVersion() != null) {
            flavour = timescale(server);
        } else {
            flavour = new Plain();
        }
        log.info("storage flavour={} requested={} timescaledbAvailable={} timescaledbInstalled={} schemaFlavour={}",
                flavour.name(), choice.setting(), server.availableVersion(), server.installedVersion(), existing);
        return flavour;
    }

    private static Timescale timescale(TimescaleServer server) throws SQLException {
        String problem = server.problem();
        if (problem != null) {
            throw new SQLException(problem);
        }
        return new Timescale(server.usableVersion());
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
