package io.poolpilot.daemon.policy;

import io.poolpilot.daemon.detect.HostLiveness;
import io.poolpilot.xapi.event.Inventory;
import io.poolpilot.xapi.model.Host;
import io.poolpilot.xapi.model.PowerState;
import io.poolpilot.xapi.model.StorageRepository;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The policy answer to {@code storage-lost}: when a shared SR is detached from one live, enabled host while
 * every other live, enabled host still reaches it, the guests on that host are stalled on their disks but
 * can run elsewhere, so the host should be evacuated. Only then: with the SR lost on several hosts there is
 * no safe destination the planner could tell apart (it does not model storage), and a host without guests
 * needs nothing.
 */
public final class StorageEvacuation {

    /** The host to evacuate and why, in words an operator reads in the plan's reason. */
    public record Need(String hostUuid, String reason) {
    }

    private StorageEvacuation() {
    }

    public static Optional<Need> needed(Inventory inventory) {
        if (inventory == null) {
            return Optional.empty();
        }
        List<Host> usable = inventory.hosts().values().stream()
                .filter(h -> h.enabled() && HostLiveness.live(inventory, h))
                .sorted(Comparator.comparing(Host::uuid)).toList();
        for (StorageRepository sr : inventory.storageRepositories().values().stream()
                .filter(StorageRepository::shared).sorted(Comparator.comparing(StorageRepository::uuid)).toList()) {
            List<Host> without = usable.stream().filter(h -> !attached(inventory, sr, h)).toList();
            if (without.size() != 1 || usable.size() < 2) {
                continue;
            }
            Host host = without.getFirst();
            long guests = inventory.vms().values().stream().filter(vm -> vm.isGuest()
                    && vm.powerState() == PowerState.RUNNING && vm.residentOn().map(host.ref()::equals).orElse(false)).count();
            if (guests > 0) {
                return Optional.of(new Need(host.uuid(), "shared SR " + sr.nameLabel() + " (" + sr.uuid() + ") is not attached on host "
                        + host.nameLabel() + " (" + host.uuid() + ") while the other " + (usable.size() - 1) + " hosts reach it: evacuating its "
                        + guests + " running VM" + (guests == 1 ? "" : "s") + " (storage-lost)"));
            }
        }
        return Optional.empty();
    }

    private static boolean attached(Inventory inventory, StorageRepository sr, Host host) {
        return sr.storageAttachments().stream().map(ref -> inventory.storageAttachments().get(ref))
                .anyMatch(pbd -> pbd != null && pbd.host().equals(host.ref()) && pbd.currentlyAttached());
    }
}
