package io.poolpilot.daemon.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalInt;

/**
 * What the pre-Flyway migrator left: a {@code schema_version} table with the versions it applied.
 * Read once, to baseline Flyway at the version it reached; the table itself is left as it was.
 */
final class LegacySchemaVersion {

    /** Description of the baseline row in Flyway's history. */
    static final String BASELINE_DESCRIPTION = "adopted from schema_version (pre-Flyway migrator)";

    private LegacySchemaVersion() {
    }

    /** The version to baseline at: the old table's highest, when it exists and Flyway's history does not. */
    static OptionalInt toAdopt(Connection connection) throws SQLException {
        if (!exists(connection, Relations.SCHEMA_VERSION) || exists(connection, Relations.SCHEMA_HISTORY)) {
            return OptionalInt.empty();
        }
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT max(version) FROM " + Relations.SCHEMA_VERSION)) {
            rs.next();
            int version = rs.getInt(1);
            return rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(version);
        }
    }

    private static boolean exists(Connection connection, String relation) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT to_regclass('" + relation + "') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
