package io.poolpilot.simulator.state;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Host enable/disable, host crash and recovery, storage loss and PBD plug/unplug. */
public final class HostOperations {
    private final PoolState pool;
    private final VmOperations vms;
    /** "srRef hostRef" pairs whose storage path is broken (sr-loss). */
    private final Set<String> lostPaths = new HashSet<>();

    public HostOperations(PoolState pool, VmOperations vms) {
        this.pool = pool;
        this.vms = vms;
    }

    public Object disable(String hostRef) {
        return setEnabled(hostRef, false);
    }

    public Object enable(String hostRef) {
        return setEnabled(hostRef, true);
    }

    private Object setEnabled(String hostRef, boolean enabled) {
        synchronized (pool) {
            XObject host = pool.require("host", hostRef);
            if (!pool.isLive(hostRef)) {
                throw new XapiException("HOST_OFFLINE", hostRef);
            }
            if (host.bool("enabled") != enabled) {
                host.set("enabled", enabled);
                pool.changed(host);
            }
            return null;
        }
    }

    /** The host dies: host_metrics.live turns false; its VMs stay "Running" on it, as XAPI without HA shows them. */
    public void crash(String hostRef) {
        synchronized (pool) {
            pool.setCrashed(hostRef, true);
            XObject metrics = pool.find(pool.find(hostRef).str("metrics"));
            metrics.set("live", false).set("last_updated", pool.now());
            pool.changed(metrics);
        }
    }

    /** The host reboots: live again, and the VMs that were on it are found halted. */
    public void recover(String hostRef) {
        synchronized (pool) {
            if (pool.isLive(hostRef)) {
                return;
            }
            pool.setCrashed(hostRef, false);
            for (XObject vm : pool.residents(hostRef)) {
                if (!vm.bool("is_control_domain")) {
                    vms.haltAfterHostFailure(vm);
                }
            }
            XObject metrics = pool.find(pool.find(hostRef).str("metrics"));
            metrics.set("live", true).set("last_updated", pool.now());
            pool.changed(metrics);
            pool.refreshHost(hostRef);
        }
    }

    /** Storage becomes unreachable from a host (all hosts when hostRef is null): PBDs detach. */
    public void loseStorage(String srRef, String hostRef) {
        synchronized (pool) {
            for (XObject pbd : pbdsOf(srRef, hostRef)) {
                lostPaths.add(srRef + " " + pbd.str("host"));
                if (pbd.bool("currently_attached")) {
                    pbd.set("currently_attached", false);
                    pool.changed(pbd);
                }
            }
        }
    }

    /** Storage is reachable again; PBDs stay detached until plugged (replug=true plugs them, as clear does). */
    public void restoreStorage(String srRef, String hostRef, boolean replug) {
        synchronized (pool) {
            for (XObject pbd : pbdsOf(srRef, hostRef)) {
                lostPaths.remove(srRef + " " + pbd.str("host"));
                if (replug && !pbd.bool("currently_attached") && pool.isLive(pbd.str("host"))) {
                    pbd.set("currently_attached", true);
                    pool.changed(pbd);
                }
            }
        }
    }

    public Object plug(String pbdRef) {
        synchronized (pool) {
            XObject pbd = pool.require("PBD", pbdRef);
            if (pbd.bool("currently_attached")) {
                return null;
            }
            if (lostPaths.contains(pbd.str("SR") + " " + pbd.str("host"))) {
                throw new XapiException("SR_BACKEND_FAILURE_47", "",
                        "The SR is not available [opterr=simulated storage loss]", "");
            }
            if (!pool.isLive(pbd.str("host"))) {
                throw new XapiException("HOST_OFFLINE", pbd.str("host"));
            }
            pbd.set("currently_attached", true);
            pool.changed(pbd);
            return null;
        }
    }

    public Object unplug(String pbdRef) {
        synchronized (pool) {
            XObject pbd = pool.require("PBD", pbdRef);
            if (!pbd.bool("currently_attached")) {
                return null;
            }
            String hostRef = pbd.str("host");
            String srRef = pbd.str("SR");
            for (XObject vm : pool.residents(hostRef)) {
                VmRuntime rt = pool.vm(vm.ref());
                if (rt != null && srRef.equals(rt.srRef())) {
                    String vdi = pool.find(pool.find(vm.refs("VBDs").getFirst()).str("VDI")).ref();
                    throw new XapiException("VDI_IN_USE", vdi, "unplug");
                }
            }
            pbd.set("currently_attached", false);
            pool.changed(pbd);
            return null;
        }
    }

    /** Whether the host reaches the SR through an attached PBD. */
    public static boolean srAttached(PoolState pool, String srRef, String hostRef) {
        synchronized (pool) {
            for (String pbdRef : pool.require("host", hostRef).refs("PBDs")) {
                XObject pbd = pool.find(pbdRef);
                if (pbd != null && pbd.str("SR").equals(srRef)) {
                    return pbd.bool("currently_attached");
                }
            }
            return false;
        }
    }

    /** A VM stalls when its host no longer reaches the SR its disk is on. */
    public boolean stalled(VmRuntime vm, String hostRef) {
        return vm.srRef() != null && !srAttached(pool, vm.srRef(), hostRef);
    }

    public void restoreAllStorage() {
        synchronized (pool) {
            for (XObject sr : pool.allCopy("SR")) {
                restoreStorage(sr.ref(), null, true);
            }
        }
    }

    private List<XObject> pbdsOf(String srRef, String hostRef) {
        return pool.require("SR", srRef).refs("PBDs").stream().map(pool::find)
                .filter(p -> hostRef == null || p.str("host").equals(hostRef)).toList();
    }
}
