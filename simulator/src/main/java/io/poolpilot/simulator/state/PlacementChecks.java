package io.poolpilot.simulator.state;

import java.util.Locale;

/** XAPI's admission checks shared by VM start/resume and live migration, with XAPI's error codes. */
final class PlacementChecks {
    private PlacementChecks() {
    }

    static void requirePower(XObject vm, String expected) {
        String actual = vm.str("power_state");
        if (!actual.equals(expected)) {
            throw badPower(vm, expected, actual);
        }
    }

    static XapiException badPower(XObject vm, String expected, String actual) {
        return new XapiException("VM_BAD_POWER_STATE", vm.ref(), expected.toLowerCase(Locale.ROOT),
                actual.toLowerCase(Locale.ROOT));
    }

    static void checkHostUsable(PoolState pool, String hostRef) {
        XObject host = pool.require("host", hostRef);
        if (!pool.isLive(hostRef)) {
            throw new XapiException("HOST_OFFLINE", hostRef);
        }
        if (!host.bool("enabled")) {
            throw new XapiException("HOST_DISABLED", hostRef);
        }
    }

    static void checkMemory(PoolState pool, String hostRef, long needed) {
        long available = pool.freeMemory(hostRef);
        if (needed > available) {
            throw new XapiException("HOST_NOT_ENOUGH_FREE_MEMORY", Long.toString(needed), Long.toString(available));
        }
    }

    /** The VM's disks must be reachable from the host through an attached PBD. */
    static void checkStorage(PoolState pool, XObject vm, String hostRef) {
        VmRuntime rt = pool.vm(vm.ref());
        if (rt == null || rt.srRef() == null) {
            return;
        }
        if (!HostOperations.srAttached(pool, rt.srRef(), hostRef)) {
            throw new XapiException("VM_REQUIRES_SR", vm.ref(), rt.srRef());
        }
    }
}
