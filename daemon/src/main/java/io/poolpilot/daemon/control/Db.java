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
 * JDBC for the API ports and the executors: each async call runs on a bounded pool of virtual threads,
 * never on an event loop, with a connection from the daemon's one pool ({@code store.ConnectionPool});
 * a database that cannot answer, or a pool with no connection free within its timeout, becomes
 * {@link PortFailure.Unavailable} (HTTP 503).
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

    /** As {@link #call} inside one transaction. */
    public <T> Future<T> callInTransaction(Work<T> work) {
        Context context = Vertx.currentContext() != null ? Vertx.currentContext() : vertx.getOrCreateContext();
        return pool.submit(context, () -> transaction(work));
    }

    /** Runs {@code work} on this thread (which must be allowed to block). */
    public <T> T inline(Work<T> work) {
        return withConnection(work);
    }

    /** As {@link #inline} inside one transaction. */
    public <T> T transaction(Work<T> work) {
        return withConnection(connection -> {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        });
    }

    /** As {@link #inline} in a read-only repeatable-read transaction: several statements see one snapshot. */
    public <T> T snapshot(Work<T> work) {
        return withConnection(connection -> {
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try {
                return work.run(connection);
            } finally {
                connection.rollback();
            }
        });
    }

    // The pool resets auto-commit, read-only and isolation when a connection comes back, and drops one that broke.
    private <T> T withConnection(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new PortFailure.Unavailable("the database is unavailable; retry shortly",
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
