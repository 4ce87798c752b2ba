package io.poolpilot.daemon.control;

import io.poolpilot.api.port.PortFailure;
import io.poolpilot.daemon.runtime.BlockingPool;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * JDBC for the API ports and the executors: each async call runs on a bounded pool of virtual threads,
 * never on an event loop; connections are reused (at most {@link #MAX_IDLE} kept idle, one that failed is
 * dropped), and a database that cannot answer becomes {@link PortFailure.Unavailable} (HTTP 503).
 */
public final class Db implements AutoCloseable {

    /** Idle connections kept for reuse: opening a PostgreSQL connection costs a backend process fork. */
    public static final int MAX_IDLE = 16;

    /** Work done with one connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final Vertx vertx;
    private final DataSource dataSource;
    private final BlockingPool pool;
    private final BlockingQueue<Connection> idle = new ArrayBlockingQueue<>(MAX_IDLE);
    private volatile boolean closed;

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

    private <T> T withConnection(Work<T> work) {
        Connection connection = null;
        boolean healthy = false;
        try {
            connection = idle.poll();
            if (connection == null) {
                connection = dataSource.getConnection();
            }
            T result = work.run(connection);
            healthy = true;
            return result;
        } catch (SQLException e) {
            throw new PortFailure.Unavailable("database: " + e.getMessage());
        } catch (RuntimeException e) {
            healthy = true; // refused by the caller's own checks; giveBack resets the connection or drops it
            throw e;
        } finally {
            if (connection != null) {
                giveBack(connection, healthy);
            }
        }
    }

    private void giveBack(Connection connection, boolean healthy) {
        try {
            if (healthy && !closed) {
                connection.setAutoCommit(true);
                connection.setReadOnly(false);
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                if (idle.offer(connection)) {
                    return;
                }
            }
            connection.close();
        } catch (SQLException e) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken: dropping it is all that is left
            }
        }
    }

    /** Closes the idle connections; connections in use are closed when they come back. */
    @Override
    public void close() {
        closed = true;
        Connection c;
        while ((c = idle.poll()) != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }

    /** As {@link #call} inside one transaction. */
    public <T> Future<T> callInTransaction(Work<T> work) {
        Context context = Vertx.currentContext() != null ? Vertx.currentContext() : vertx.getOrCreateContext();
        return pool.submit(context, () -> transaction(work));
    }
}
