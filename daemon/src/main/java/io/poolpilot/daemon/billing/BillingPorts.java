package io.poolpilot.daemon.billing;

import io.poolpilot.api.model.AccountOperation;
import io.poolpilot.api.model.SuspendMode;
import io.poolpilot.api.model.UsageFeedPage;
import io.poolpilot.api.model.UsageGranularity;
import io.poolpilot.api.port.AccountPort;
import io.poolpilot.api.port.PortFailure;
import io.poolpilot.api.port.UsagePort;
import io.poolpilot.daemon.runtime.BlockingPool;
import io.poolpilot.daemon.usage.UsageAmounts;
import io.poolpilot.daemon.usage.UsageRecord;
import io.poolpilot.xapi.XapiFailure;
import io.poolpilot.xapi.XapiTransportException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;

/**
 * The API's billing ports ({@link UsagePort}, {@link AccountPort}) over {@link UsageQueries} and
 * {@link AccountControl}. Both are blocking (JDBC, XAPI), so every call runs on a blocking pool and the
 * future completes on the caller's context. Expected failures become {@link PortFailure}s: a database or
 * pool that cannot answer is 503, a feed cursor the feed did not issue is 400.
 */
public final class BillingPorts implements UsagePort, AccountPort {
    private static final Logger LOG = LoggerFactory.getLogger(BillingPorts.class);

    /** Where blocking calls run; the future completes back on the calling context. */
    private interface Offload {
        <T> Future<T> run(Callable<T> work);
    }

    private final Offload offload;
    private final UsageQueries queries;
    private final AccountControl control;
    private final KnownAccounts accounts;

    private BillingPorts(Offload offload, UsageQueries queries, AccountControl control, KnownAccounts accounts) {
        this.offload = offload;
        this.queries = queries;
        this.control = control;
        this.accounts = accounts;
    }

    /** Runs on {@code pool} (named, bounded, counts rejections); what the daemon should use. */
    public static BillingPorts on(BlockingPool pool, Vertx vertx, UsageQueries queries, AccountControl control,
                                  KnownAccounts accounts) {
        return new BillingPorts(new Offload() {
            @Override
            public <T> Future<T> run(Callable<T> work) {
                return pool.submit(vertx.getOrCreateContext(), work);
            }
        }, queries, control, accounts);
    }

    /** Runs on Vert.x's shared worker pool ({@code executeBlocking}, unordered). */
    public static BillingPorts onVertxWorkers(Vertx vertx, UsageQueries queries, AccountControl control,
                                              KnownAccounts accounts) {
        return new BillingPorts(new Offload() {
            @Override
            public <T> Future<T> run(Callable<T> work) {
                return vertx.executeBlocking(work, false);
            }
        }, queries, control, accounts);
    }

    // ---- usage ------------------------------------------------------------------------------

    @Override
    public Future<List<io.poolpilot.api.model.UsageRow>> usage(io.poolpilot.api.model.UsageQuery query) {
        UsageQuery daemonQuery = new UsageQuery(query.accountId(), query.vmUuid(), query.from(), query.to(),
                Granularity.valueOf(query.granularity().name()));
        return blocking("usage", () -> queries.usage(daemonQuery).stream().map(BillingPorts::row).toList());
    }

    @Override
    public Future<UsageFeedPage> feed(String after, int limit) {
        return blocking("usage feed", () -> {
            FeedPage page;
            try {
                page = queries.feed(after, limit);
            } catch (IllegalArgumentException badCursor) {
                throw new PortFailure.InvalidCursor("'" + after + "' is not a cursor issued by the usage feed");
            }
            return new UsageFeedPage(page.records().stream().map(BillingPorts::record).toList(), page.nextCursor(), page.more());
        });
    }

    static io.poolpilot.api.model.UsageRow row(UsageRow r) {
        UsageAmounts a = r.amounts();
        return new io.poolpilot.api.model.UsageRow(r.periodStart(), UsageGranularity.valueOf(r.granularity().name()),
                r.account(), r.vmUuid(), r.vmHours(), r.coverage(), a.runningSeconds(), a.vcpuSeconds(), a.cpuSeconds(),
                a.memoryGibHours(), a.memoryUsedGibHours(), a.diskReadBytes(), a.diskWriteBytes(), a.netRxBytes(),
                a.netTxBytes());
    }

    static io.poolpilot.api.model.UsageRecord record(UsageRecord r) {
        UsageAmounts a = r.amounts();
        return new io.poolpilot.api.model.UsageRecord(r.recordId().toString(), r.sequence(),
                io.poolpilot.api.model.UsageRecord.Kind.valueOf(r.kind().name()), r.revision(), r.vmUuid(), r.poolUuid(),
                r.account(), r.hourStart(), r.coverage(), a.coveredSeconds(), a.runningSeconds(), a.vcpuSeconds(),
                a.cpuSeconds(), a.memoryGibHours(), a.memoryUsedGibHours(), a.memoryUsedSeconds(), a.diskReadBytes(),
                a.diskWriteBytes(), a.netRxBytes(), a.netTxBytes(), a.samples(), r.closedAt());
    }

    // ---- account control --------------------------------------------------------------------

    /** Per-VM suspend/resume work runs here after the 202; its progress is stored after every VM. */
    private static final java.util.concurrent.Executor BACKGROUND =
            java.util.concurrent.Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("account-control-", 0).factory());

    @Override
    public Future<AccountOperation> suspend(String accountId, SuspendMode mode, String reason, String actor) {
        ControlOperation.Mode daemonMode = ControlOperation.Mode.valueOf(mode.name());
        return blocking("account suspension", () -> {
            requireKnown(accountId);
            return operation(control.startSuspend(accountId, daemonMode, reason, actor, BACKGROUND));
        });
    }

    @Override
    public Future<AccountOperation> resume(String accountId, String actor) {
        return blocking("account resume", () -> {
            requireKnown(accountId);
            return operation(control.startResume(accountId, actor, BACKGROUND));
        });
    }

    /** 404 for an account with no usage and no VM: a typo must not be answered (and audited) as done. */
    private void requireKnown(String accountId) throws SQLException {
        if (!accounts.known(accountId)) {
            throw new PortFailure.NotFound("account", accountId);
        }
    }

    @Override
    public Future<Optional<AccountOperation>> operation(String operationId) {
        UUID id = UUID.fromString(operationId);
        return blocking("account operation", () -> control.operation(id).map(BillingPorts::operation));
    }

    static AccountOperation operation(ControlOperation op) {
        List<AccountOperation.VmStep> steps = op.steps().stream()
                .map(s -> new AccountOperation.VmStep(s.pool(), s.vmUuid(), s.vmName(), s.powerStateBefore(),
                        AccountOperation.Outcome.valueOf(s.outcome().name()), s.detail()))
                .toList();
        return new AccountOperation(op.id().toString(), op.account(), AccountOperation.Action.valueOf(op.action().name()),
                op.mode() == null ? null : SuspendMode.valueOf(op.mode().name()), op.reason(), op.actor(),
                AccountOperation.State.valueOf(op.state().name()), op.startedAt(), op.finishedAt(), steps);
    }

    // ---- plumbing ---------------------------------------------------------------------------

    private <T> Future<T> blocking(String what, Callable<T> work) {
        Future<T> started;
        try {
            started = offload.run(work);
        } catch (RejectedExecutionException full) {
            started = Future.failedFuture(full);
        }
        return started.recover(failure -> Future.failedFuture(expected(what, failure)));
    }

    /** The port failure for a dependency that cannot answer; anything else stays a bug (500). */
    private static Throwable expected(String what, Throwable failure) {
        return switch (failure) {
            case PortFailure known -> known;
            case RejectedExecutionException busy -> {
                LOG.warn("event=billing_rejected what=\"{}\" error=\"{}\"", what, busy.getMessage());
                yield new PortFailure.Unavailable(what + ": billing workers are busy; retry later");
            }
            case SQLException sql -> {
                LOG.warn("event=billing_store_failed what=\"{}\" sqlState={} error=\"{}\"", what, sql.getSQLState(),
                        sql.getMessage());
                yield new PortFailure.Unavailable(what + ": the usage store is unavailable");
            }
            case XapiFailure xapi -> {
                LOG.warn("event=billing_pool_failed what=\"{}\" code={}", what, xapi.code());
                yield new PortFailure.Unavailable(what + ": a pool refused the call (" + xapi.code().toLowerCase(Locale.ROOT) + ")");
            }
            case XapiTransportException transport -> {
                LOG.warn("event=billing_pool_unreachable what=\"{}\" error=\"{}\"", what, transport.getMessage());
                yield new PortFailure.Unavailable(what + ": a pool is unreachable");
            }
            default -> failure;
        };
    }
}
