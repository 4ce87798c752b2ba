package io.poolpilot.simulator.state;

import static io.poolpilot.simulator.state.PlacementChecks.badPower;
import static io.poolpilot.simulator.state.PlacementChecks.checkHostUsable;
import static io.poolpilot.simulator.state.PlacementChecks.checkMemory;
import static io.poolpilot.simulator.state.PlacementChecks.checkStorage;
import static io.poolpilot.simulator.state.PlacementChecks.requirePower;

import io.vertx.core.Future;

/** VM lifecycle (start, clean/hard shutdown, clean/hard reboot, suspend, resume) with XAPI's checks and events; migration is delegated. */
public final class VmOperations {
    private final PoolState pool;
    private final LiveMigrations migrations;

    public VmOperations(PoolState pool, SimContext ctx) {
        this.pool = pool;
        this.migrations = new LiveMigrations(pool, ctx);
    }

    // ---- power -------------------------------------------------------------------------------

    public Object start(String vmRef, String hostRef) {
        synchronized (pool) {
            XObject vm = guest(vmRef);
            requirePower(vm, "Halted");
            long needed = PoolState.footprint(vm);
            String target = hostRef != null ? hostRef : pickHost(vm, needed);
            checkHostUsable(pool, target);
            checkMemory(pool, target, needed);
            checkStorage(pool, vm, target);
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
            checkHostUsable(pool, target);
            checkMemory(pool, target, needed);
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
            migrations.abortFor(vm, "VM was shut down");
            setStopped(vm, "Halted");
            return null;
        }
    }

    public Object cleanReboot(String vmRef) {
        synchronized (pool) {
            XObject vm = guest(vmRef);
            requirePower(vm, "Running");
            requireNoMigration(vm);
            reboot(vm);
            return null;
        }
    }

    /** VM.hard_reboot: as XAPI, allowed while running or paused; a migration in flight is aborted. */
    public Object hardReboot(String vmRef) {
        synchronized (pool) {
            XObject vm = guest(vmRef);
            String power = vm.str("power_state");
            if (!power.equals("Running") && !power.equals("Paused")) {
                throw badPower(vm, "running", power);
            }
            migrations.abortFor(vm, "VM was rebooted");
            reboot(vm);
            return null;
        }
    }

    /** The domain restarts in place: a new domid and start time, same host. */
    private void reboot(XObject vm) {
        vm.set("domid", vm.num("domid") + 1000).set("power_state", "Running")
                .set("allowed_operations", VmRecords.allowedOperations("Running"));
        XObject metrics = pool.find(vm.str("metrics"));
        metrics.set("start_time", pool.now());
        pool.changed(vm);
        pool.changed(metrics);
        Messages.vm(pool, "VM_REBOOTED", vm, "VM '" + vm.str("name_label") + "' rebooted");
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
        vm.set("power_state", "Running").set("resident_on", hostRef).set("domid", pool.nextDomid())
                .set("allowed_operations", VmRecords.allowedOperations("Running"));
        XObject metrics = pool.find(vm.str("metrics"));
        metrics.set("memory_actual", vm.num("memory_target")).set("start_time", pool.now()).set("last_updated", pool.now());
        attachDevices(vm, true);
        GuestMetrics.attach(pool, vm);
        pool.changed(vm);
        Messages.vm(pool, "VM_STARTED", vm, "VM '" + vm.str("name_label") + "' started on host "
                + pool.require("host", hostRef).str("name_label"));
        pool.changed(metrics);
        pool.refreshHost(hostRef);
    }

    private void setStopped(XObject vm, String power) {
        String host = vm.str("resident_on");
        vm.set("power_state", power).set("resident_on", PoolState.NULL_REF).set("domid", -1L)
                .set("allowed_operations", VmRecords.allowedOperations(power));
        XObject metrics = pool.find(vm.str("metrics"));
        metrics.set("memory_actual", 0L).set("last_updated", pool.now());
        attachDevices(vm, false);
        GuestMetrics.detach(pool, vm);
        pool.changed(vm);
        if (power.equals("Halted")) {
            Messages.vm(pool, "VM_SHUTDOWN", vm, "VM '" + vm.str("name_label") + "' shut down");
        } else if (power.equals("Suspended")) {
            Messages.vm(pool, "VM_SUSPENDED", vm, "VM '" + vm.str("name_label") + "' suspended");
        }
        pool.changed(metrics);
        if (pool.host(host) != null) {
            pool.refreshHost(host);
        }
    }

    /** A crash or shutdown of the host kills its VMs (used when a crashed host comes back). */
    void haltAfterHostFailure(XObject vm) {
        migrations.abortFor(vm, "host failed");
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

    // ---- migration (delegated) ---------------------------------------------------------------

    /** VM.pool_migrate: the future completes when the memory copy ends (or fails). */
    public Future<Object> poolMigrate(String vmRef, String hostRef, XObject task) {
        return migrations.poolMigrate(vmRef, hostRef, task);
    }

    /** task.cancel: a migration stops at its next progress tick; other pending tasks end at once. */
    public void cancel(XObject task) {
        migrations.cancel(task);
    }

    public int migrationsInFlight() {
        return migrations.migrationsInFlight();
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

    private void requireNoMigration(XObject vm) {
        if (migrations.isMigrating(vm.ref())) {
            throw new XapiException("OTHER_OPERATION_IN_PROGRESS", "VM", vm.ref());
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
