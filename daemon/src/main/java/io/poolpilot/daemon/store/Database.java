package io.poolpilot.daemon.store;

import io.poolpilot.daemon.config.DatabaseConfig;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.Map;

/** The daemon's database: a private embedded PostgreSQL under the work dir, or the external one the config names. */
public final class Database implements AutoCloseable {

    private final DataSource dataSource;
    private final EmbeddedDatabase embedded;

    private Database(DataSource dataSource, EmbeddedDatabase embedded) {
        this.dataSource = dataSource;
        this.embedded = embedded;
    }

    /** Starts the embedded server under {@code workDir/db}, or points at the external one; secrets come from {@code environment}. */
    public static Database open(DatabaseConfig config, Path workDir, Map<String, String> environment) {
        if (config.embedded()) {
            EmbeddedDatabase embedded = EmbeddedDatabase.start(workDir.resolve("db"), 0, true);
            return new Database(embedded.dataSource(), embedded);
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(config.url());
        ds.setUser(config.username());
        if (config.password() != null) {
            ds.setPassword(config.password().resolve(environment));
        }
        ds.setConnectTimeout(5);
        ds.setTcpKeepAlive(true);
        return new Database(ds, null);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** JDBC URL of the embedded database, or null with an external one. */
    public String embeddedJdbcUrl() {
        return embedded == null ? null : embedded.jdbcUrl();
    }

    /** Stops the embedded server; an external database is left alone. */
    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
