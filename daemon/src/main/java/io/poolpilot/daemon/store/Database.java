package io.poolpilot.daemon.store;

import io.poolpilot.daemon.config.DatabaseConfig;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.Map;

/** The daemon's database: the embedded server under the work dir or an external URL, and the DataSource to it. */
public final class Database implements AutoCloseable {

    private final EmbeddedDatabase embedded;
    private final DataSource dataSource;

    private Database(EmbeddedDatabase embedded, DataSource dataSource) {
        this.embedded = embedded;
        this.dataSource = dataSource;
    }

    /** Starts the embedded server (under {@code workDir/db}) or points at the configured URL. */
    public static Database open(DatabaseConfig config, Path workDir, Map<String, String> environment) {
        if (config.embedded()) {
            EmbeddedDatabase embedded = EmbeddedDatabase.start(workDir.resolve("db"), 0, true);
            return new Database(embedded, embedded.dataSource());
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(config.url());
        ds.setUser(config.username());
        if (config.password() != null) {
            ds.setPassword(config.password().resolve(environment));
        }
        ds.setConnectTimeout(5);
        ds.setTcpKeepAlive(true);
        return new Database(null, ds);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** JDBC URL of the embedded database, or null with an external one. */
    public String embeddedJdbcUrl() {
        return embedded == null ? null : embedded.jdbcUrl();
    }

    /** Stops the embedded server, if any. */
    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
