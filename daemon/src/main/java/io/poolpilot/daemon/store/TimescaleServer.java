package io.poolpilot.daemon.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

/**
 * What a server offers for TimescaleDB, read from its catalog before any migration: whether the
 * extension is available and installed (and which versions), whether its library is preloaded, and
 * whether the daemon's role may create it. {@link #problem()} says what stops it working, and the fix.
 *
 * @param availableVersion    the package's default version ({@code pg_available_extensions}), null when absent
 * @param installedVersion    the version installed in this database ({@code pg_extension}), null when not created yet
 * @param preloaded           the loader is in {@code shared_preload_libraries}
 * @param superuser           the daemon's role is a superuser
 * @param trusted             the extension is marked trusted (a role with CREATE on the database may create it)
 * @param mayCreateInDatabase the daemon's role has CREATE on the database
 */
public record TimescaleServer(String availableVersion, String installedVersion, boolean preloaded, boolean superuser,
                              boolean trusted, boolean mayCreateInDatabase, String role, String database) {

    /** The oldest TimescaleDB the migrations work with: {@code create_hypertable(..., by_range(...))} came in 2.13. */
    public static final String MINIMUM_VERSION = "2.13.0";

    /** Reads the facts from the catalog (works for any role: no superuser-only settings are read). */
    public static TimescaleServer inspect(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT"
                + " (SELECT default_version FROM pg_available_extensions WHERE name = 'timescaledb'),"
                + " (SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'),"
                // The loader defines this boolean setting only when it is preloaded (a postgresql.conf line alone makes a text placeholder).
                + " EXISTS (SELECT 1 FROM pg_settings WHERE name = 'timescaledb.disable_load' AND vartype = 'bool'),"
                + " (SELECT rolsuper FROM pg_roles WHERE rolname = current_user),"
                + " coalesce((SELECT trusted FROM pg_available_extension_versions WHERE name = 'timescaledb'"
                + "           AND version = (SELECT default_version FROM pg_available_extensions WHERE name = 'timescaledb')), false),"
                + " has_database_privilege(current_database(), 'CREATE'), current_user, current_database()")) {
            rs.next();
            return new TimescaleServer(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4),
                    rs.getBoolean(5), rs.getBoolean(6), rs.getString(7), rs.getString(8));
        }
    }

    /** The version the daemon will run with: the installed one, else the one CREATE EXTENSION would install. */
    public String usableVersion() {
        return installedVersion != null ? installedVersion : availableVersion;
    }

    /** Why TimescaleDB cannot be used here, naming the fix; null when it can. */
    public String problem() {
        String orPlain = " (or set database.flavour: plain to use plain PostgreSQL in a new database)";
        if (availableVersion == null && installedVersion == null) {
            return "database.flavour asks for TimescaleDB but the timescaledb extension is not available on this server"
                    + " (pg_available_extensions): install TimescaleDB " + MINIMUM_VERSION + " or newer for this PostgreSQL"
                    + orPlain;
        }
        if (compare(usableVersion(), MINIMUM_VERSION) < 0) {
            return "TimescaleDB " + usableVersion() + " is too old: PoolPilot needs " + MINIMUM_VERSION + " or newer;"
                    + (installedVersion != null ? " install a newer package, then run ALTER EXTENSION timescaledb UPDATE"
                    + " as the first command of a new session in database " + database : " install a newer TimescaleDB package")
                    + orPlain;
        }
        if (!preloaded) {
            return "TimescaleDB is installed but not preloaded: add shared_preload_libraries = 'timescaledb' to"
                    + " postgresql.conf and restart PostgreSQL" + orPlain;
        }
        if (installedVersion == null && !superuser && !(trusted && mayCreateInDatabase)) {
            return "role " + role + " may not CREATE EXTENSION timescaledb in database " + database + ": run"
                    + " CREATE EXTENSION timescaledb; there once as a superuser"
                    + (trusted ? ", or make the role the database's owner (it may then create trusted extensions and"
                    + " tables): ALTER DATABASE " + database + " OWNER TO " + role : "") + orPlain;
        }
        return null;
    }

    /** Compares dotted versions numerically ("2.9.1" &lt; "2.13.0"); a suffix such as "-dev" is ignored. */
    static int compare(String a, String b) {
        int[] x = parts(a);
        int[] y = parts(b);
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int d = Integer.compare(i < x.length ? x[i] : 0, i < y.length ? y[i] : 0);
            if (d != 0) {
                return d;
            }
        }
        return 0;
    }

    private static int[] parts(String version) {
        return Arrays.stream(version.split("[^0-9.]", 2)[0].split("\\.")).filter(p -> !p.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
    }
}
