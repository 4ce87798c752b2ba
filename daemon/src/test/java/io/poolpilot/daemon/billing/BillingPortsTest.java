package io.poolpilot.daemon.billing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.poolpilot.api.model.AccountOperation;
import io.poolpilot.api.model.SuspendMode;
import io.poolpilot.api.model.UsageGranularity;
import io.poolpilot.api.port.PortFailure;
import io.poolpilot.daemon.runtime.BlockingPool;
import io.poolpilot.daemon.usage.UsageAmounts;
import io.poolpilot.daemon.usage.UsageRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.sql.DataSource;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The API's billing ports over the daemon's services: shapes carried over, dependency failures as 503, bad cursors as 400. */
@ExtendWith(VertxExtension.class)
class BillingPortsTest {
    private static final Instant T = Instant.parse("2026-11-01T00:00:00Z");
    private static final UsageAmounts A = new UsageAmounts(3000, 3000, 7200, 1800, 2, 1, 3000, 10, 20, 30, 40, 600);

    /** A database that refuses every connection, as PostgreSQL does while it is down. */
    private static DataSource downDatabase() {
        return (DataSource) Proxy.newProxyInstance(BillingPortsTest.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    throw new SQLException("connection refused", "08001");
                });
    }

    private static BillingPorts ports(Vertx vertx, BlockingPool pool) {
        DataSource db = downDatabase();
        AccountControl control = new AccountControl(db, List.of(), "billing_account", AuditSink.logging(),
                Clock.fixed(T, ZoneOffset.UTC), new SimpleMeterRegistry());
        return BillingPorts.on(pool, vertx, new UsageQueries(db), control, new KnownAccounts(db, List.of(), "billing_account"));
    }

    private static Throwable failureOf(Future<?> future) throws Exception {
        try {
            future.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return future.cause();
        }
        throw new AssertionError("expected a failure, got " + future.result());
    }

    @Test
    void aDatabaseThatIsDownAnswersUnavailableOnEveryCall(Vertx vertx) throws Exception {
        try (BlockingPool pool = new BlockingPool("billing-test", 2, new SimpleMeterRegistry())) {
            BillingPorts ports = ports(vertx, pool);
            // One at a time: the pool takes two, more at once would be refused as busy (another test).
            List<java.util.function.Supplier<Future<?>>> calls = List.of(
                    () -> ports.usage(new io.poolpilot.api.model.UsageQuery("acme", null, T, T.plusSeconds(86_400), UsageGranularity.DAY)),
                    () -> ports.feed(null, 10),
                    () -> ports.suspend("acme", SuspendMode.SHUTDOWN, "unpaid", "bill"),
                    () -> ports.resume("acme", "bill"),
                    () -> ports.operation(UUID.randomUUID().toString()));
            for (var call : calls) {
                Throwable failure = failureOf(call.get());
                assertThat(failure).isInstanceOf(PortFailure.Unavailable.class);
                assertThat(failure.getMessage()).contains("usage store is unavailable").doesNotContain("08001");
            }
        }
    }

    @Test
    void aCursorTheFeedDidNotIssueIsAnInvalidCursorNotAnOutage(Vertx vertx) throws Exception {
        try (BlockingPool pool = new BlockingPool("billing-test", 2, new SimpleMeterRegistry())) {
            Throwable failure = failureOf(ports(vertx, pool).feed("abc", 10));
            assertThat(failure).isInstanceOf(PortFailure.InvalidCursor.class).hasMessageContaining("'abc'");
        }
    }

    @Test
    void aFullPoolIsUnavailableNotABug(Vertx vertx) throws Exception {
        BlockingPool pool = new BlockingPool("billing-test", 1, new SimpleMeterRegistry());
        pool.close();
        Throwable failure = failureOf(ports(vertx, pool).feed(null, 10));
        assertThat(failure).isInstanceOf(PortFailure.Unavailable.class).hasMessageContaining("busy");
    }

    @Test
    void rowsRecordsAndOperationsKeepEveryFieldOnTheWire() {
        var row = BillingPorts.row(new UsageRow("acme", "vm-1", Granularity.MONTH, T, 720, 0.75, A));
        assertThat(row.granularity()).isEqualTo(UsageGranularity.MONTH);
        assertThat(row.account()).isEqualTo("acme");
        assertThat(row.vmHours()).isEqualTo(720);
        assertThat(row.coverage()).isEqualTo(0.75);
        assertThat(row.cpuSeconds()).isEqualTo(1800);
        assertThat(row.netTxBytes()).isEqualTo(40);

        UUID id = UsageRecord.idFor("vm-1", T, "acme", 2);
        var record = BillingPorts.record(new UsageRecord(17, id, UsageRecord.Kind.ADJUSTMENT, 2, "vm-1", "pool-1", "acme", T,
                A, T.plusSeconds(7200)));
        assertThat(record.recordId()).isEqualTo(id.toString());
        assertThat(record.sequence()).isEqualTo(17);
        assertThat(record.kind()).isEqualTo(io.poolpilot.api.model.UsageRecord.Kind.ADJUSTMENT);
        assertThat(record.revision()).isEqualTo(2);
        assertThat(record.coverage()).isEqualTo(3000 / 3600.0);
        assertThat(record.samples()).isEqualTo(600);

        UUID opId = UUID.randomUUID();
        var op = BillingPorts.operation(new ControlOperation(opId, "acme", ControlOperation.Action.SUSPEND,
                ControlOperation.Mode.SHUTDOWN, "unpaid", "bill", ControlOperation.State.FAILED, T, T.plusSeconds(5),
                List.of(new ControlOperation.VmStep("lab", "vm-1", "web", "running", ControlOperation.Outcome.FAILED, "HOST_OFFLINE"))));
        assertThat(op.id()).isEqualTo(opId.toString());
        assertThat(op.mode()).isEqualTo(SuspendMode.SHUTDOWN);
        assertThat(op.state()).isEqualTo(AccountOperation.State.FAILED);
        assertThat(op.steps()).singleElement().satisfies(s -> {
            assertThat(s.outcome()).isEqualTo(AccountOperation.Outcome.FAILED);
            assertThat(s.detail()).isEqualTo("HOST_OFFLINE");
        });
        assertThat(op.location()).isEqualTo("/v1/accounts/operations/" + opId);
    }
}
