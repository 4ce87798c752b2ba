package io.poolpilot.simulator.state;

import static io.poolpilot.simulator.state.PlacementChecks.checkHostUsable;
import static io.poolpilot.simulator.state.PlacementChecks.checkMemory;
import static io.poolpilot.simulator.state.PlacementChecks.checkStorage;
import static io.poolpilot.simulator.state.PlacementChecks.requirePower;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * VM.pool_migrate as XAPI does it: admission checks, memory reserved on the destination while the
 * memory is copied (memory / bandwidth of simulated time), task progress in ten steps, then resident_on
 * flips with VM, host and host_metrics events; or VM_MIGRATE_FAILED / TASK_CANCELLED.
 */
public final class LiveMigrations {
    private static final int PROGRESS_STEPS = 10;
    private final PoolState pool;
    private final SimContext ctx;
    /** Migrations in flight, by VM ref. */
    private final Map<String, Migration> migrations = new ConcurrentHashMap<>();

    /** A live migration in flight. */
    private final class Migration {
        final XObject vm;
        final String source;
        final String destination;
        final long reservedBytes;
        final XObject task;
        final Promise<Object> done = Promise.promise();
        long timerId = -1;
        int step;

        Migration(XObject vm, String source, String destination, long reservedBytes, XObject task) {
            this.vm = vm;
            this.source = source;
            this.destination = destination;
            this.reservedBytes = reservedBytes;
            this.task = task;
        }
    }

    LiveMigrations(PoolState pool, SimContext ctx) {
        this.pool = pool;
        this.ctx = ctx;
    }

    /** VM.pool_migrate: the future completes when the memory copy ends (or fails). */
    public Future<Object> poolMigrate(String vmRef, String hostRef, XObject task) {
        Migration m;
        synchronized (pool) {
            XObject vm = pool.require("VM", vmRef);
            XObject dest = pool.require("host", hostRef);
            if (vm.bool("is_control_domain")) {
                throw new XapiException("OPERATION_NOT_ALLOWED", "Control domains cannot be migrated");
            }
            if (vm.bool("is_a_template")) {
                throw new XapiException("VM_IS_TEMPLATE", vm.ref());
            }
            requirePower(vm, "Running");
            requireNoMigration(vm);
            String source = vm.str("resident_on");
            if (!pool.isLive(source)) {
                throw new XapiException("HOST_OFFLINE", source);
            }
            checkHostUsable(pool, dest.ref());
            checkStorage(pool, vm, dest.ref());
            long needed = PoolState.footprint(vm);
            if (!source.equals(dest.ref())) {
                checkMemory(pool, dest.ref(), needed);
            }
            long reserved = source.equals(dest.ref()) ? 0 : needed;
            m = new Migration(vm, source, dest.ref(), reserved, task);
            migrations.put(vm.ref(), m);
            pool.reserve(dest.ref(), reserved);
            String opKey = task != null ? task.ref() : "OpaqueRef:" + pool.uuidFor("migrate-op", vm.ref() + pool.now());
            vm.set("current_operations", Map.of(opKey, "pool_migrate"))
                    .set("allowed_operations", List.of()).set("scheduled_to_be_resident_on", dest.ref());
            pool.changed(vm);
            pool.refreshHost(dest.ref());
        }
        Duration copy = ctx.options().migrationDuration(m.vm.num("memory_target"));
        long realMillis = ctx.clock().realMillis(copy);
        long tick = Math.max(1, realMillis / PROGRESS_STEPS);
        Migration flight = m;
        m.timerId = ctx.vertx().setPeriodic(tick, id -> advance(flight));
        return m.done.future();
    }

    private void advance(Migration m) {
        synchronized (pool) {
            if (migrations.get(m.vm.ref()) != m) {
                ctx.vertx().cancelTimer(m.timerId);
                return;
            }
            if (m.task != null && m.task.str("status").equals("cancelling")) {
                abort(m, new XapiException("TASK_CANCELLED", m.task.ref()));
                return;
            }
            if (!pool.isLive(m.source) || !pool.isLive(m.destination)) {
                String dead = pool.isLive(m.source) ? m.destination : m.source;
                abort(m, new XapiException("VM_MIGRATE_FAILED", m.vm.ref(), m.source, m.destination,
                        "Host " + dead + " went offline during the migration"));
                return;
            }
            m.step++;
            if (m.step < PROGRESS_STEPS) {
                if (m.task != null) {
                    Tasks.progress(pool, m.task, (double) m.step / PROGRESS_STEPS);
                }
                return;
            }
            if (ctx.faults().drawMigrationFailure()) {
                abort(m, new XapiException("VM_MIGRATE_FAILED", m.vm.ref(), m.source, m.destination,
                        "Simulated failure: the memory copy did not converge"));
                return;
            }
            finish(m);
        }
    }

    private void finish(Migration m) {
        ctx.vertx().cancelTimer(m.timerId);
        migrations.remove(m.vm.ref());
        pool.reserve(m.destination, -m.reservedBytes);
        XObject vm = m.vm;
        vm.set("resident_on", m.destination).set("scheduled_to_be_resident_on", PoolState.NULL_REF)
                .set("current_operations", Map.of()).set("allowed_operations", VmRecords.allowedOperations("Running"))
                .set("domid", pool.nextDomid());
        pool.changed(vm);
        Messages.vm(pool, "VM_MIGRATED", vm, "VM '" + vm.str("name_label") + "' migrated to host "
                + pool.require("host", m.destination).str("name_label"));
        pool.refreshHost(m.source);
        pool.refreshHost(m.destination);
        if (m.task != null) {
            Tasks.succeed(pool, m.task, null);
        }
        m.done.tryComplete(null);
    }

    private void abort(Migration m, XapiException error) {
        ctx.vertx().cancelTimer(m.timerId);
        migrations.remove(m.vm.ref());
        pool.reserve(m.destination, -m.reservedBytes);
        XObject vm = m.vm;
        vm.set("scheduled_to_be_resident_on", PoolState.NULL_REF).set("current_operations", Map.of())
                .set("allowed_operations", VmRecords.allowedOperations(vm.str("power_state")));
        pool.changed(vm);
        pool.refreshHost(m.destination);
        if (m.task != null) {
            Tasks.fail(pool, m.task, error);
        }
        m.done.tryFail(error);
    }

    /** task.cancel: a migration stops at its next progress tick; other pending tasks end at once. */
    public void cancel(XObject task) {
        synchronized (pool) {
            if (!Tasks.isPending(task)) {
                return;
            }
            task.set("status", "cancelling");
            pool.changed(task);
            boolean migrating = migrations.values().stream().anyMatch(m -> m.task == task);
            if (!migrating) {
                Tasks.fail(pool, task, new XapiException("TASK_CANCELLED", task.ref()));
            }
        }
    }

    /** Migrations in flight (for GET /state). */
    public int migrationsInFlight() {
        return migrations.size();
    }

    boolean isMigrating(String vmRef) {
        return migrations.containsKey(vmRef);
    }

    /** Ends a VM's migration in flight, if any, with VM_MIGRATE_FAILED (its VM was stopped under it). */
    void abortFor(XObject vm, String reason) {
        Migration m = migrations.get(vm.ref());
        if (m != null) {
            abort(m, new XapiException("VM_MIGRATE_FAILED", vm.ref(), m.source, m.destination, reason));
        }
    }

    private void requireNoMigration(XObject vm) {
        if (migrations.containsKey(vm.ref())) {
            throw new XapiException("OTHER_OPERATION_IN_PROGRESS", "VM", vm.ref());
        }
    }
}
