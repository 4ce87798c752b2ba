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
import java.time.Duration;

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

    /** As a port: the one this work directory's server had last time (when still free), remembered for next time. */
    public static final int REMEMBERED_PORT = -1;
    /** How long a start may take: long enough for crash recovery after the server itself was killed. */
    public static final Duration STARTUP_WAIT = Duration.ofSeconds(180);

    /**
     * Starts (initialising on first use) the database in {@code workDirectory/pgdata}, with the library's own
     * shutdown hook: for tests and benchmarks, which close it themselves or let the JVM's exit stop it.
     *
     * @param port    0 for any free port; a fixed port to restart on the same address; {@link #REMEMBERED_PORT}
     * @param durable true: fsync and synchronous commit on (what the daemon uses); false: the
     *                faster zonky defaults, acceptable for tests that do not crash the server
     */
    public static EmbeddedDatabase start(Path workDirectory, int port, boolean durable) {
        return start(workDirectory, port, durable, true);
    }

    /**
     * As {@link #start(Path, int, boolean)}; {@code libraryShutdownHook} false leaves stopping to the caller (the
     * daemon's own shutdown stops the database last, after the writer's final batch and the lease release).
     * A server left running on the data directory by a killed process is stopped first. The server's output goes
     * to {@code workDirectory/postgresql.log}.
     *
     * @throws EmbeddedDatabaseException with a one-line message naming the data directory and the log
     */
    public static EmbeddedDatabase start(Path workDirectory, int port, boolean durable, boolean libraryShutdownHook) {
        Path data = workDirectory.resolve("pgdata").toAbsolutePath().normalize();
        Path serverLog = workDirectory.resolve("postgresql.log").toAbsolutePath().normalize();
        try {
            Files.createDirectories(workDirectory);
            LeftoverServer.stopIfRunning(data);
            int chosen = port == REMEMBERED_PORT ? RememberedPort.read(workDirectory) : port;
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(libraryShutdownHook)
                    .setPGStartupWait(STARTUP_WAIT)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(serverLog.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(serverLog.toFile()))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_wal_size", "2GB")
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off");
            if (chosen > 0) {
                builder.setPort(chosen);
            }
            EmbeddedPostgres postgres = startWatched(builder, data, serverLog);
            if (port == REMEMBERED_PORT) {
                RememberedPort.write(workDirectory, postgres.getPort());
            }
            LOG.info("embedded postgresql started port={} data={} durable={}", postgres.getPort(), data, durable);
            return new EmbeddedDatabase(postgres, data);
        } catch (IOException | RuntimeException e) {
            throw new EmbeddedDatabaseException("cannot start the embedded PostgreSQL in " + data + " ("
                    + rootMessage(e) + "); the server's own log: " + serverLog, e);
        }
    }

    /** Starts the server under a {@link StartupWatch}: progress logged, a server that died at start reported at once. */
    private static EmbeddedPostgres startWatched(EmbeddedPostgres.Builder builder, Path data, Path serverLog)
            throws IOException {
        EmbeddedPostgres postgres;
        String fatal;
        try (StartupWatch watch = new StartupWatch(data, serverLog, STARTUP_WAIT)) {
            postgres = builder.start();
            fatal = watch.fatal();
        }
        if (fatal != null) {
            try {
                postgres.close();
            } catch (IOException ignored) {
                // the server is gone already; what matters is why
            }
            throw new IOException("the server stopped while starting: " + fatal);
        }
        return postgres;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return root == e || root.getMessage() == null ? message : message + ": " + root.getMessage();
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
