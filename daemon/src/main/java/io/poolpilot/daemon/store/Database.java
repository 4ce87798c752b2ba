package io.poolpilot.daemon.store;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.poolpilot.daemon.config.DatabaseConfig;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.Map;

/**
 * The daemon's database: the embedded server under the work dir or an external URL, and the one
 * connection pool ({@link ConnectionPool}) every component gets its connections from.
 */
public final class Database implements AutoCloseable {

    private final EmbeddedDatabase embedded;
    private final HikariDataSource dataSource;

    private Database(EmbeddedDatabase embedded, HikariDataSource dataSource) {
        this.embedded = embedded;
        this.dataSource = dataSource;
    }

    /** Starts the embedded server (under {@code workDir/db}) or points at the configured URL, and opens the pool. */
    public static Database open(DatabaseConfig config, Path workDir, Map<String, String> environment, MeterRegistry registry) {
        if (config.embedded()) {
            Path directory = workDir.resolve("db");
            // The daemon's shutdown stops the server last (see DaemonRuntime#close), so the library's hook stays off.
            EmbeddedDatabase embedded = EmbeddedDatabase.start(directory, EmbeddedDatabase.REMEMBERED_PORT, true, false);
            try {
                return new Database(embedded, ConnectionPool.open(embedded.dataSource(), config.pool(), registry));
            } catch (RuntimeException e) {
                embedded.close();
                throw e;
            }
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(config.url());
        ds.setUser(config.username());
        if (config.password() != null) {
            ds.setPassword(config.password().resolve(environment));
        }
        ds.setConnectTimeout((int) Math.max(1, config.pool().connectionTimeout().toSeconds()));
        ds.setTcpKeepAlive(true);
        return new Database(null, ConnectionPool.open(ds, config.pool(), registry));
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** JDBC URL of the embedded database, or null with an external one. */
    public String embeddedJdbcUrl() {
        return embedded == null ? null : embedded.jdbcUrl();
    }

    /** Closes the pool, then stops the embedded server, if any. */
    @Override
    public void close() {
        dataSource.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
