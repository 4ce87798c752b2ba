package io.poolpilot.daemon.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An embedded PostgreSQL 17 (zonky binaries) on 127.0.0.1 whose data directory lives under a work
 * directory and survives restarts; for the demo, tests and benchmarks.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final int port;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.port = postgres.getPort();
    }

    /**
     * Starts (initialising on first use) the database in {@code workDirectory/pgdata}.
     *
     * @param port    0 for any free port; a fixed port to restart on the same address
     * @param durable true: fsync and synchronous commit on (what the daemon uses); false: the
     *                faster zonky defaults, acceptable for tests that do not crash the server
     */
    public static EmbeddedDatabase start(Path workDirectory, int port, boolean durable) {
        Path data = workDirectory.resolve("pgdata");
        try {
            Files.createDirectories(workDirectory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_wal_size", "2GB")
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off");
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres postgres = builder.start();
            LOG.info("embedded postgresql started port={} data={} durable={}", postgres.getPort(), data, durable);
            return new EmbeddedDatabase(postgres, data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL in " + data, e);
        }
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** JDBC URL of the {@code postgres} database as user {@code postgres}, on 127.0.0.1. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    /** Creates an empty database (tests give each case its own); returns a DataSource for it. */
    public DataSource createDatabase(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,40}")) {
            throw new IllegalArgumentException("database name must match [a-z][a-z0-9_]{0,40}, got '" + name + "'");
        }
        try (java.sql.Connection c = dataSource().getConnection(); java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return dataSource(port, name);
    }

    /** A fresh driver-level DataSource (no pooling: the daemon wraps it in {@link ConnectionPool}). */
    public DataSource dataSource() {
        return dataSource(port);
    }

    /** A DataSource for an embedded database on {@code port}, usable while it is stopped and restarted. */
    public static DataSource dataSource(int port) {
        return dataSource(port, "postgres");
    }

    /** A DataSource for database {@code database} of an embedded server on {@code port}. */
    public static DataSource dataSource(int port, String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName(database);
        ds.setUser("postgres");
        ds.setConnectTimeout(5);
        ds.setSocketTimeout(120);
        ds.setTcpKeepAlive(true);
        return ds;
    }

    /** Stops the server (fast shutdown); the data directory stays for the next start. */
    @Override
    public void close() {
        try {
            postgres.close();
            LOG.info("embedded postgresql stopped port={}", port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop embedded PostgreSQL on port " + port, e);
        }
    }
}
