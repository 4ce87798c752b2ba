package io.poolpilot.simulator.state;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** VM lifecycle and live migration with XAPI's checks, errors, timing and events. */
public final class VmOperations {
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

    public VmOperations(PoolState pool, SimContext ctx) {
        this.pool = pool;
        this.ctx = ctx;
    }

    // ---- power -------------------------------------------------------------------------------

    public Object start(String vmRef, String hostRef) {
        synchronized (pool) {
            XObject vm = guest(vmRef);
            requirePower(vm, "Halted");
            long needed = PoolState.footprint(vm);
            String target = hostRef != null ? hostRef : pickHost(vm, needed);
            checkHostUsable(target);
            checkMemory(target, needed);
            checkStorage(vm, target);
            setRunning(vm, target);
            return null;
        }
    }

    public Object resume(String vmRef) {
        synchronized (pool) {
            XObject vm = guest(vmRef);
            requirePower(vm, "Suspended");
            long needed = PoolState.footprint(vm);
            String target = vm.str("affinity");
            if (!pool.isLive(target) || !pool.require("host", target).bool("enabled") || pool.freeMemory(target) < needed) {
                target = pickHost(vm, needed);
            }
            checkHostUsable(target);
            checkMemory(target, needed);
            setRunning(vm, target);
            return null;
        }
    }

    public Object cleanShutdown(String vmRef) {
        synchronized (pool) {
            XObject vm = guest(vmRef);
            requirePower(vm, "Running");
            requireNoMigration(vm);
            setStopped(vm, "Halted");
            return null;
        }
    }

    public Object hardShutdown(String vmRef) {
        synchronized (pool) {
            XObject vm = guest(vmRef);
            String power = vm.str("power_state");
            if (power.equals("Halted")) {
                throw badPower(vm, "running", power);
            }
            Migration m = migrations.get(vm.ref());
            if (m != null) {
                abort(m, new XapiException("VM_MIGRATE_FAILED", vm.ref(), m.source, m.destination, "VM was shut down"));
            }
            setStopped(vm, "Halted");
            return null;
        }
    }

    public Object cleanReboot(String vmRef) {
        synchronized (pool) {
            XObject vm = guest(vmRef);
            requirePower(vm, "Running");
            requireNoMigration(vm);
            vm.set("domid", vm.num("domid") + 1000);
            XObject metrics = pool.find(vm.str("metrics"));
            metrics.set("start_time", pool.now());
            pool.changed(vm);
            pool.changed(metrics);
            return null;
        }
    }

    public Object suspend(String vmRef) {
        synchronized (pool) {
            XObject vm = guest(vmRef);
            requirePower(vm, "Running");
            requireNoMigration(vm);
            vm.set("affinity", vm.str("resident_on"));
            setStopped(vm, "Suspended");
            return null;
        }
    }

    private void setRunning(XObject vm, String hostRef) {
        vm.set("power_state", "Running").set("resident_on", hostRef).set("domid", nextDomid())
                .set("allowed_operations", WorldBuilder.allowedOperations("Running"))
                .set("power_state_last_changed", pool.now());
        XObject metrics = pool.find(vm.str("metrics"));
        metrics.set("memory_actual", vm.num("memory_target")).set("start_time", pool.now()).set("last_updated", pool.now());
        attachDevices(vm, true);
        pool.changed(vm);
        pool.changed(metrics);
        pool.refreshHost(hostRef);
    }

    private void setStopped(XObject vm, String power) {
        String host = vm.str("resident_on");
        vm.set("power_state", power).set("resident_on", PoolState.NULL_REF).set("domid", -1L)
                .set("allowed_operations", WorldBuilder.allowedOperations(power))
                .set("power_state_last_changed", pool.now());
        XObject metrics = pool.find(vm.str("metrics"));
        metrics.set("memory_actual", 0L).set("last_updated", pool.now());
        attachDevices(vm, false);
        pool.changed(vm);
        pool.changed(metrics);
        if (pool.host(host) != null) {
            pool.refreshHost(host);
        }
    }

    /** A crash or shutdown of the host kills its VMs (used when a crashed host comes back). */
    void haltAfterHostFailure(XObject vm) {
        Migration m = migrations.get(vm.ref());
        if (m != null) {
            abort(m, new XapiException("VM_MIGRATE_FAILED", vm.ref(), m.source, m.destination, "host failed"));
        }
        setStopped(vm, "Halted");
    }

    private void attachDevices(XObject vm, boolean attached) {
        for (String ref : vm.refs("VBDs")) {
            XObject vbd = pool.find(ref);
            if (vbd != null && vbd.bool("currently_attached") != attached) {
                vbd.set("currently_attached", attached);
                pool.changed(vbd);
            }
        }
        for (String ref : vm.refs("VIFs")) {
            XObject vif = pool.find(ref);
            if (vif != null && vif.bool("currently_attached") != attached) {
                vif.set("currently_attached", attached);
                pool.changed(vif);
            }
        }
    }

    private long domidCounter = 10_000;

    private long nextDomid() {
        return ++domidCounter;
    }

    // ---- migration ---------------------------------------------------------------------------

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
            checkHostUsable(dest.ref());
            checkStorage(vm, dest.ref());
            long needed = PoolState.footprint(vm);
            if (!source.equals(dest.ref())) {
                checkMemory(dest.ref(), needed);
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
                .set("current_operations", Map.of()).set("allowed_operations", WorldBuilder.allowedOperations("Running"))
                .set("domid", nextDomid());
        pool.changed(vm);
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
                .set("allowed_operations", WorldBuilder.allowedOperations(vm.str("power_state")));
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

    // ---- checks ------------------------------------------------------------------------------

    private XObject guest(String vmRef) {
        XObject vm = pool.require("VM", vmRef);
        if (vm.bool("is_control_domain")) {
            throw new XapiException("OPERATION_NOT_ALLOWED", "This operation is not allowed on a control domain");
        }
        if (vm.bool("is_a_template")) {
            throw new XapiException("VM_IS_TEMPLATE", vm.ref());
        }
        return vm;
    }

    private static void requirePower(XObject vm, String expected) {
        String actual = vm.str("power_state");
        if (!actual.equals(expected)) {
            throw badPower(vm, expected, actual);
        }
    }

    private static XapiException badPower(XObject vm, String expected, String actual) {
        return new XapiException("VM_BAD_POWER_STATE", vm.ref(), expected.toLowerCase(Locale.ROOT),
                actual.toLowerCase(Locale.ROOT));
    }

    private void requireNoMigration(XObject vm) {
        if (migrations.containsKey(vm.ref())) {
            throw new XapiException("OTHER_OPERATION_IN_PROGRESS", "VM", vm.ref());
        }
    }

    private void checkHostUsable(String hostRef) {
        XObject host = pool.require("host", hostRef);
        if (!pool.isLive(hostRef)) {
            throw new XapiException("HOST_OFFLINE", hostRef);
        }
        if (!host.bool("enabled")) {
            throw new XapiException("HOST_DISABLED", hostRef);
        }
    }

    private void checkMemory(String hostRef, long needed) {
        long available = pool.freeMemory(hostRef);
        if (needed > available) {
            throw new XapiException("HOST_NOT_ENOUGH_FREE_MEMORY", Long.toString(needed), Long.toString(available));
        }
    }

    /** The VM's disks must be reachable from the host through an attached PBD. */
    private void checkStorage(XObject vm, String hostRef) {
        VmRuntime rt = pool.vm(vm.ref());
        if (rt == null || rt.srRef() == null) {
            return;
        }
        if (!HostOperations.srAttached(pool, rt.srRef(), hostRef)) {
            throw new XapiException("VM_REQUIRES_SR", vm.ref(), rt.srRef());
        }
    }

    private String pickHost(XObject vm, long needed) {
        String best = null;
        long bestFree = -1;
        for (HostRuntime h : pool.hosts()) {
            XObject host = pool.find(h.ref());
            long free = pool.freeMemory(h.ref());
            if (pool.isLive(h.ref()) && host.bool("enabled") && free > bestFree) {
                VmRuntime rt = pool.vm(vm.ref());
                if (rt == null || rt.srRef() == null || HostOperations.srAttached(pool, rt.srRef(), h.ref())) {
                    best = h.ref();
                    bestFree = free;
                }
            }
        }
        if (best == null) {
            throw new XapiException("NO_HOSTS_AVAILABLE");
        }
        if (bestFree < needed) {
            throw new XapiException("HOST_NOT_ENOUGH_FREE_MEMORY", Long.toString(needed), Long.toString(bestFree));
        }
        return best;
    }
}
