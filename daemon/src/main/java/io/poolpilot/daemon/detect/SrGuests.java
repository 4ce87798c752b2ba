package io.poolpilot.daemon.detect;

import io.poolpilot.xapi.event.Inventory;
import io.poolpilot.xapi.model.Disk;
import io.poolpilot.xapi.model.DiskAttachment;
import io.poolpilot.xapi.model.Host;
import io.poolpilot.xapi.model.PowerState;
import io.poolpilot.xapi.model.StorageRepository;
import io.poolpilot.xapi.model.Vm;

import java.util.Comparator;
import java.util.List;

/** Which guests use an SR, and where an SR is reachable: one place for the rules and the answers. */
public final class SrGuests {

    private SrGuests() {
    }

    /** Running guest VMs with at least one disk on {@code sr}, by uuid. */
    public static List<Vm> runningOn(Inventory inventory, StorageRepository sr) {
        return inventory.vms().values().stream()
                .filter(vm -> vm.isGuest() && vm.powerState() == PowerState.RUNNING && usesSr(inventory, vm, sr))
                .sorted(Comparator.comparing(Vm::uuid)).toList();
    }

    /** Whether one of the VM's disks lies on {@code sr}. */
    public static boolean usesSr(Inventory inventory, Vm vm, StorageRepository sr) {
        for (DiskAttachment vbd : inventory.diskAttachments().values()) {
            if (!vbd.vm().equals(vm.ref()) || vbd.disk().isEmpty()) {
                continue;
            }
            Disk disk = inventory.disks().get(vbd.disk().get());
            if (disk != null && disk.storageRepository().equals(sr.ref())) {
                return true;
            }
        }
        return false;
    }

    /** The live, enabled hosts that have a PBD for {@code sr}, and whether any of them has it attached. */
    public static Reach reach(Inventory inventory, StorageRepository sr) {
        int hosts = 0;
        int attached = 0;
        for (var pbd : inventory.storageAttachments().values()) {
            if (!pbd.storageRepository().equals(sr.ref())) {
                continue;
            }
            Host host = inventory.hosts().get(pbd.host());
            if (host == null || !host.enabled() || !HostLiveness.live(inventory, host)) {
                continue;
            }
            hosts++;
            if (pbd.currentlyAttached()) {
                attached++;
            }
        }
        return new Reach(hosts, attached);
    }

    /** How many live, enabled hosts have a PBD for an SR, and on how many of them it is attached. */
    public record Reach(int hosts, int attached) {
        /** Lost on every host that could reach it. */
        public boolean lostEverywhere() {
            return hosts > 0 && attached == 0;
        }
    }

    /** "name (uuid)", how messages name an SR. */
    public static String named(StorageRepository sr) {
        return sr.nameLabel() + " (" + sr.uuid() + ")";
    }

    /** "name (uuid)", how messages name a VM. */
    public static String named(Vm vm) {
        return vm.nameLabel() + " (" + vm.uuid() + ")";
    }
}
