package io.poolpilot.daemon.control;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.poolpilot.api.port.PortFailure;
import io.poolpilot.daemon.config.DatabasePool;
import io.poolpilot.daemon.metrics.MetricNames;
import io.poolpilot.daemon.runtime.BlockingPool;
import io.poolpilot.daemon.store.ConnectionPool;
import io.poolpilot.daemon.store.EmbeddedDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Db} over the daemon's one pool: connections reused, a full pool or a dead database is a clear "unavailable", never a hang. */
class DbTest {

    private static final DatabasePool SMALL = new DatabasePool(2, Duration.ofMillis(500), Duration.ofMillis(250),
            Duration.ofMinutes(30));

    @TempDir
    Path pgDir;
    private EmbeddedDatabase postgres;
    private SimpleMeterRegistry registry;
    private HikariDataSource pool;
    private Vertx vertx;
    private BlockingPool workers;
    private Db db;

    @BeforeEach
    void start() {
        postgres = EmbeddedDatabase.start(pgDir, 0, false);
        registry = new SimpleMeterRegistry();
        pool = ConnectionPool.open(postgres.dataSource(), SMALL, registry);
        vertx = Vertx.vertx();
        workers = new BlockingPool("db-test", 8, registry);
        db = new Db(vertx, pool, workers);
    }

    @AfterEach
    void stop() throws Exception {
        workers.close();
        pool.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        postgres.close();
    }

    @Test
    void callsReuseThePoolsConnectionsAndLeaveNoTransactionStateBehind() throws Exception {
        Set<Integer> backends = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            backends.add(await(db.call(c -> intValue(c, "SELECT pg_backend_pid()"))));
            await(db.call(c -> db.snapshot(s -> intValue(s, "SELECT 1"))));
        }
        assertThat(backends).as("20 calls, at most the pool's 2 server processes").hasSizeBetween(1, 2);
        boolean reset = await(db.call(c -> c.getAutoCommit() && !c.isReadOnly()
                && c.getTransactionIsolation() == Connection.TRANSACTION_READ_COMMITTED));
        assertThat(reset).as("snapshot's read-only repeatable read reset by the pool").isTrue();
        assertThat(registry.get(MetricNames.DB_POOL_MAX).tag("pool", MetricNames.DB_POOL_NAME).gauge().value()).isEqualTo(2);
    }

    @Test
    void fullPoolAnswersUnavailableWithinTheConnectionTimeoutInsteadOfHanging() throws Exception {
        try (Connection first = pool.getConnection(); Connection second = pool.getConnection()) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> await(db.call(c -> intValue(c, "SELECT 1"))))
                    .hasCauseInstanceOf(PortFailure.Unavailable.class)
                    .hasMessageContaining("database")
                    .satisfies(e -> assertThat(((PortFailure.Unavailable) e.getCause()).internalDetail())
                            .as("why, for the log only").contains("timed out"))
                    .satisfies(e -> assertThat(e.getCause().getMessage()).as("what the client reads")
                            .doesNotContain("timed out").doesNotContain("127.0.0.1"));
            long waitedMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertThat(waitedMillis).as("bounded by the connection timeout").isBetween(400L, 5_000L);
            assertThat(registry.get(MetricNames.DB_POOL_TIMEOUTS).tag("pool", MetricNames.DB_POOL_NAME).counter().count())
                    .isEqualTo(1);
        }
        int served = await(db.call(c -> intValue(c, "SELECT 7")));
        assertThat(served).as("served again once a connection is back").isEqualTo(7);
    }

    @Test
    void deadDatabaseAnswersUnavailable() throws Exception {
        int before = await(db.call(c -> intValue(c, "SELECT 1")));
        assertThat(before).isEqualTo(1);
        postgres.close();
        long started = System.nanoTime();
        assertThatThrownBy(() -> await(db.call(c -> intValue(c, "SELECT 1"))))
                .hasCauseInstanceOf(PortFailure.Unavailable.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started).toSeconds()).as("no hang").isLessThan(10);
        postgres = EmbeddedDatabase.start(pgDir, postgres.port(), false); // for stop()
    }

    private static int intValue(Connection c, String sql) throws java.sql.SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e;
        }
    }
}
