package io.poolpilot.daemon.billing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.poolpilot.daemon.metrics.MetricNames;
import io.poolpilot.daemon.usage.UsageRelations;
import io.poolpilot.xapi.model.PowerState;
import io.poolpilot.xapi.model.Vm;
import io.poolpilot.xapi.model.XapiClass;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Billing-driven control: suspends (or shuts down) every running VM of an account, marking each one
 * it stopped in other_config, and resumes only the VMs it marked. Both are idempotent: a repeat, or a
 * retry after a crash half way, finishes the job without touching a VM twice. VMs that were already
 * halted before a suspension carry no mark and stay halted on resume. Blocking: run on a worker.
 */
public final class AccountControl {

    /** other_config key on VMs that a suspension stopped; value {@code account=<id>;mode=<mode>;operation=<uuid>}. */
    public static final String MARKER_KEY = "poolpilot_suspended_by";

    private static final Logger log = LoggerFactory.getLogger(AccountControl.class);
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final DataSource dataSource;
    private final List<PoolAccess> pools;
    private final String billingAccountKey;
    private final AuditSink audit;
    private final Clock clock;
    private final MeterRegistry registry;

    /**
     * @param billingAccountKey the other_config key that names a VM's billing account (as for collection)
     */
    public AccountControl(DataSource dataSource, List<PoolAccess> pools, String billingAccountKey, AuditSink audit,
                          Clock clock, MeterRegistry registry) {
        if (billingAccountKey == null || billingAccountKey.isBlank()) {
            throw new IllegalArgumentException("billingAccountKey must name an other_config key, got '" + billingAccountKey + "'");
        }
        this.dataSource = dataSource;
        this.pools = List.copyOf(pools);
        this.billingAccountKey = billingAccountKey;
        this.audit = audit;
        this.clock = clock;
        this.registry = registry;
    }

    /** Stops every running VM billed to {@code account} ({@code mode}: suspend or clean shutdown); returns when done. */
    public ControlOperation suspend(String account, ControlOperation.Mode mode, String reason, String actor)
            throws SQLException {
        return runSuspend(beginSuspend(account, mode, reason, actor));
    }

    /**
     * Records the suspension and hands the per-VM work to {@code runner}; returns the running operation at once,
     * so a caller can answer 202 and let the client poll {@link #operation(UUID)} for progress.
     */
    public ControlOperation startSuspend(String account, ControlOperation.Mode mode, String reason, String actor,
                                         java.util.concurrent.Executor runner) throws SQLException {
        ControlOperation op = beginSuspend(account, mode, reason, actor);
        runner.execute(() -> runQuietly(op, () -> runSuspend(op)));
        return op;
    }

    private ControlOperation beginSuspend(String account, ControlOperation.Mode mode, String reason, String actor)
            throws SQLException {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a suspension needs a reason (it is audited and shown to operators)");
        }
        return begin(account, ControlOperation.Action.SUSPEND, mode, reason, actor);
    }

    private ControlOperation runSuspend(ControlOperation started) throws SQLException {
        ControlOperation op = started;
        String account = op.account();
        List<ControlOperation.VmStep> steps = new ArrayList<>();
        boolean failed = false;
        for (PoolAccess pool : pools) {
            List<Map.Entry<String, Vm>> vms = accountVms(pool, account);
            for (Map.Entry<String, Vm> e : vms) {
                ControlOperation.VmStep step = suspendOne(pool, e.getKey(), e.getValue(), op);
                failed |= step.outcome() == ControlOperation.Outcome.FAILED;
                steps.add(step);
                op = progress(op, steps);
            }
        }
        return finish(op, steps, failed);
    }

    /** Starts (or resumes) exactly the VMs of {@code account} that a suspension stopped, and unmarks them; returns when done. */
    public ControlOperation resume(String account, String actor) throws SQLException {
        return runResume(begin(account, ControlOperation.Action.RESUME, null, null, actor));
    }

    /** As {@link #resume} but returns the running operation at once; {@code runner} does the per-VM work. */
    public ControlOperation startResume(String account, String actor, java.util.concurrent.Executor runner)
            throws SQLException {
        ControlOperation op = begin(account, ControlOperation.Action.RESUME, null, null, actor);
        runner.execute(() -> runQuietly(op, () -> runResume(op)));
        return op;
    }

    private ControlOperation runResume(ControlOperation started) throws SQLException {
        ControlOperation op = started;
        String account = op.account();
        List<ControlOperation.VmStep> steps = new ArrayList<>();
        boolean failed = false;
        for (PoolAccess pool : pools) {
            for (Map.Entry<String, Vm> e : accountVms(pool, account)) {
                ControlOperation.VmStep step = resumeOne(pool, e.getKey(), e.getValue(), account, op);
                failed |= step.outcome() == ControlOperation.Outcome.FAILED;
                steps.add(step);
                op = progress(op, steps);
            }
        }
        return finish(op, steps, failed);
    }

    private interface Work {
        ControlOperation run() throws SQLException;
    }

    /** Background runs end in a stored state: a failure that escapes the per-VM handling marks the operation failed. */
    private void runQuietly(ControlOperation op, Work work) {
        try {
            work.run();
        } catch (Exception e) {
            log.warn("event=account_control_failed operation={} account={} error=\"{}\"", op.id(), op.account(), e.toString());
            try {
                finish(op, operation(op.id()).map(ControlOperation::steps).orElse(op.steps()), true);
            } catch (SQLException stored) {
                log.warn("event=account_control_state_lost operation={} error=\"{}\"", op.id(), stored.toString());
            }
        }
    }

    private List<Map.Entry<String, Vm>> accountVms(PoolAccess pool, String account) {
        return pool.call(client -> client.vms().entrySet().stream()
                .filter(e -> e.getValue().isGuest() && account.equals(e.getValue().otherConfig().get(billingAccountKey)))
                .toList());
    }

    private ControlOperation.VmStep suspendOne(PoolAccess pool, String ref, Vm vm, ControlOperation op) {
        String before = vm.powerState().name().toLowerCase(java.util.Locale.ROOT);
        String marker = vm.otherConfig().get(MARKER_KEY);
        try {
            if (vm.powerState() != PowerState.RUNNING) {
                return step(pool, vm, before, marker != null ? ControlOperation.Outcome.ALREADY_DONE
                        : ControlOperation.Outcome.LEFT_ALONE, marker != null ? "stopped by an earlier suspension"
                        : "not running before the suspension: stays as it is on resume");
            }
            // Mark first: if the daemon dies between the two calls, a retry or a resume still finds the VM.
            String value = "account=" + op.account() + ";mode=" + op.mode().name().toLowerCase(java.util.Locale.ROOT)
                    + ";operation=" + op.id();
            pool.call(client -> {
                if (marker != null) {
                    client.removeFromOtherConfig(XapiClass.VM, ref, MARKER_KEY);
                }
                client.addToOtherConfig(XapiClass.VM, ref, MARKER_KEY, value);
                if (op.mode() == ControlOperation.Mode.SUSPEND) {
                    client.vmSuspend(ref);
                } else {
                    client.vmCleanShutdown(ref);
                }
                return null;
            });
            auditVm(op, "vm_stopped", vm, op.mode().name().toLowerCase(java.util.Locale.ROOT));
            return step(pool, vm, before, ControlOperation.Outcome.STOPPED, op.mode() == ControlOperation.Mode.SUSPEND
                    ? "suspended" : "shut down");
        } catch (RuntimeException e) {
            return failedStep(op, pool, vm, before, e);
        }
    }

    private ControlOperation.VmStep resumeOne(PoolAccess pool, String ref, Vm vm, String account, ControlOperation op) {
        String before = vm.powerState().name().toLowerCase(java.util.Locale.ROOT);
        String marker = vm.otherConfig().get(MARKER_KEY);
        if (marker == null || !marker.startsWith("account=" + account + ";")) {
            return step(pool, vm, before, ControlOperation.Outcome.LEFT_ALONE, "not stopped by a suspension of this account");
        }
        try {
            ControlOperation.Outcome outcome = pool.call(client -> {
                ControlOperation.Outcome o;
                switch (vm.powerState()) {
                    case SUSPENDED -> {
                        client.vmResume(ref, false, false);
                        o = ControlOperation.Outcome.STARTED;
                    }
                    case HALTED -> {
                        client.vmStart(ref, false, false);
                        o = ControlOperation.Outcome.STARTED;
                    }
                    default -> o = ControlOperation.Outcome.ALREADY_DONE;
                }
                // Unmark last: if the start fails the mark stays, so the next resume tries again.
                client.removeFromOtherConfig(XapiClass.VM, ref, MARKER_KEY);
                return o;
            });
            if (outcome == ControlOperation.Outcome.STARTED) {
                auditVm(op, "vm_started", vm, before);
            }
            return step(pool, vm, before, outcome, outcome == ControlOperation.Outcome.STARTED
                    ? (vm.powerState() == PowerState.SUSPENDED ? "resumed" : "started") : "already running; unmarked");
        } catch (RuntimeException e) {
            return failedStep(op, pool, vm, before, e);
        }
    }

    private ControlOperation.VmStep failedStep(ControlOperation op, PoolAccess pool, Vm vm, String before, RuntimeException e) {
        log.warn("event=account_control_vm_failed operation={} account={} pool={} vm={} error=\"{}\"", op.id(),
                op.account(), pool.poolName(), vm.uuid(), e.toString());
        auditVm(op, "vm_failed", vm, e.getMessage());
        return step(pool, vm, before, ControlOperation.Outcome.FAILED, String.valueOf(e.getMessage()));
    }

    private ControlOperation.VmStep step(PoolAccess pool, Vm vm, String before, ControlOperation.Outcome outcome,
                                         String detail) {
        Counter.builder(MetricNames.BILLING_CONTROL_ACTIONS).tag(MetricNames.TAG_OUTCOME, outcome.name().toLowerCase(
                java.util.Locale.ROOT)).register(registry).increment();
        return new ControlOperation.VmStep(pool.poolName(), vm.uuid(), vm.nameLabel(), before, outcome, detail);
    }

    private void auditVm(ControlOperation op, String event, Vm vm, String detail) {
        audit.record(new AuditSink.AuditEvent(clock.instant(), op.actor(), event, op.account(), op.id(),
                "vm=" + vm.uuid() + " name=" + vm.nameLabel() + " " + detail));
    }

    // ---- progress records ------------------------------------------------------------------

    private ControlOperation begin(String account, ControlOperation.Action action, ControlOperation.Mode mode,
                                   String reason, String actor) throws SQLException {
        if (actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("actor must name who asked (token subject), got '" + actor + "'");
        }
        ControlOperation op = new ControlOperation(UUID.randomUUID(), account, action, mode, reason, actor,
                ControlOperation.State.RUNNING, clock.instant(), null, List.of());
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO "
                + UsageRelations.ACCOUNT_CONTROL + " (operation_id, account, action, mode, reason, actor, state, started_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, op.id());
            ps.setString(2, account);
            ps.setString(3, action.name().toLowerCase(java.util.Locale.ROOT));
            ps.setString(4, mode == null ? null : mode.name().toLowerCase(java.util.Locale.ROOT));
            ps.setString(5, reason);
            ps.setString(6, actor);
            ps.setString(7, op.state().name().toLowerCase(java.util.Locale.ROOT));
            ps.setTimestamp(8, Timestamp.from(op.startedAt()));
            ps.executeUpdate();
        }
        audit.record(new AuditSink.AuditEvent(op.startedAt(), actor, action.name().toLowerCase(java.util.Locale.ROOT)
                + "_started", account, op.id(), reason == null ? "" : "mode=" + mode + " reason=" + reason));
        return op;
    }

    private ControlOperation progress(ControlOperation op, List<ControlOperation.VmStep> steps) throws SQLException {
        ControlOperation updated = op.with(ControlOperation.State.RUNNING, null, steps);
        save(updated);
        return updated;
    }

    private ControlOperation finish(ControlOperation op, List<ControlOperation.VmStep> steps, boolean failed)
            throws SQLException {
        ControlOperation done = op.with(failed ? ControlOperation.State.FAILED : ControlOperation.State.SUCCEEDED,
                clock.instant(), steps);
        save(done);
        audit.record(new AuditSink.AuditEvent(done.finishedAt(), done.actor(), done.action().name().toLowerCase(
                java.util.Locale.ROOT) + "_" + done.state().name().toLowerCase(java.util.Locale.ROOT), done.account(),
                done.id(), steps.size() + " VMs"));
        return done;
    }

    private void save(ControlOperation op) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE "
                + UsageRelations.ACCOUNT_CONTROL + " SET state = ?, finished_at = ?, steps = ?::jsonb WHERE operation_id = ?")) {
            ps.setString(1, op.state().name().toLowerCase(java.util.Locale.ROOT));
            ps.setTimestamp(2, op.finishedAt() == null ? null : Timestamp.from(op.finishedAt()));
            ps.setString(3, JSON.writeValueAsString(op.steps()));
            ps.setObject(4, op.id());
            ps.executeUpdate();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot encode steps of operation " + op.id(), e);
        }
    }

    /** An operation with its progress so far, as stored. */
    public Optional<ControlOperation> operation(UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT operation_id, account, action, mode, reason, actor, state, started_at, finished_at, steps::text FROM "
                        + UsageRelations.ACCOUNT_CONTROL + " WHERE operation_id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                List<ControlOperation.VmStep> steps = List.of(JSON.readValue(rs.getString(10),
                        ControlOperation.VmStep[].class));
                return Optional.of(new ControlOperation((UUID) rs.getObject(1), rs.getString(2),
                        ControlOperation.Action.valueOf(rs.getString(3).toUpperCase(java.util.Locale.ROOT)),
                        rs.getString(4) == null ? null : ControlOperation.Mode.valueOf(rs.getString(4).toUpperCase(java.util.Locale.ROOT)),
                        rs.getString(5), rs.getString(6),
                        ControlOperation.State.valueOf(rs.getString(7).toUpperCase(java.util.Locale.ROOT)),
                        rs.getTimestamp(8).toInstant(), rs.getTimestamp(9) == null ? null : rs.getTimestamp(9).toInstant(),
                        steps));
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot decode steps of operation " + id, e);
        }
    }
}
