package io.poolpilot.daemon.control;

import io.poolpilot.api.port.PortFailure;
import io.poolpilot.daemon.runtime.BlockingPool;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * JDBC for the API ports: each call runs on a bounded pool of virtual threads, never on an event loop,
 * and a database that cannot answer becomes {@link PortFailure.Unavailable} (HTTP 503).
 */
public final class Db {

    /** Work done with one connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final Vertx vertx;
    private final DataSource dataSource;
    private final BlockingPool pool;

    public Db(Vertx vertx, DataSource dataSource, BlockingPool pool) {
        this.vertx = vertx;
        this.dataSource = dataSource;
        this.pool = pool;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Runs {@code work} off the event loop; the future completes on the caller's context. */
    public <T> Future<T> call(Work<T> work) {
        Context context = Vertx.currentContext() != null ? Vertx.currentContext() : vertx.getOrCreateContext();
        return pool.submit(context, () -> inline(work));
    }

    /** Runs {@code work} on this thread (which must be allowed to block). */
    public <T> T inline(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new PortFailure.Unavailable("database: " + e.getMessage());
        }
    }

    /** As {@link #inline} inside one transaction. */
    public <T> T transaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new PortFailure.Unavailable("database: " + e.getMessage());
        }
    }

    /** As {@link #inline} in a read-only repeatable-read transaction: several statements see one snapshot. */
    public <T> T snapshot(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try {
                return work.run(connection);
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new PortFailure.Unavailable("database: " + e.getMessage());
        }
    }

    /** As {@link #call} inside one transaction. */
    public <T> Future<T> callInTransaction(Work<T> work) {
        Context context = Vertx.currentContext() != null ? Vertx.currentContext() : vertx.getOrCreateContext();
        return pool.submit(context, () -> transaction(work));
    }
}
