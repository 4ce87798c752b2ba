package io.poolpilot.simulator.state;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * VM_guest_metrics, what a guest agent reports to xapi: OS version, PV drivers version and the
 * addresses of the VM's interfaces. Made when a guest VM runs and destroyed when it stops, as xapi does.
 * The addresses are from TEST-NET-2 (198.51.100.0/24, RFC 5737): data only, nothing connects to them.
 */
final class GuestMetrics {
    private GuestMetrics() {
    }

    /** Creates the record for a running guest and points VM.guest_metrics at it. */
    static XObject attach(PoolState pool, XObject vm) {
        detach(pool, vm);
        XObject gm = pool.create("VM_guest_metrics", vm.uuid() + "/" + vm.num("domid"));
        Map<String, Object> networks = new LinkedHashMap<>();
        int host = 10 + Math.floorMod(vm.uuid().hashCode(), 240);
        for (int i = 0; i < vm.refs("VIFs").size(); i++) {
            String ip = "198.51.100." + (host + i);
            networks.put(i + "/ip", ip);
            networks.put(i + "/ipv4/0", ip);
            networks.put(i + "/ipv6/0", "fe80::" + Integer.toHexString(host + i));
        }
        gm.set("os_version", Map.of("name", "Debian GNU/Linux 12 (bookworm)", "distro", "debian", "major", "12",
                        "minor", "5", "uname", "6.1.0-18-amd64"))
                .set("PV_drivers_version", Map.of("major", "8", "minor", "2", "micro", "3", "build", "2"))
                .set("PV_drivers_up_to_date", true).set("PV_drivers_detected", true)
                .set("networks", networks).set("other", Map.of("platform-feature-multiprocessor-suspend", "1",
                        "feature-balloon", "1", "has-vendor-device", "0"))
                .set("last_updated", pool.now()).set("other_config", Map.of()).set("live", true)
                .set("can_use_hotplug_vbd", "yes").set("can_use_hotplug_vif", "yes")
                .set("memory", Map.of()).set("disks", Map.of());
        pool.added(gm);
        vm.set("guest_metrics", gm.ref());
        return gm;
    }

    /** Destroys the VM's guest metrics, if any, and sets VM.guest_metrics to OpaqueRef:NULL. */
    static void detach(PoolState pool, XObject vm) {
        XObject gm = pool.find(vm.str("guest_metrics"));
        if (gm != null) {
            pool.destroy(gm);
        }
        vm.set("guest_metrics", PoolState.NULL_REF);
    }
}
