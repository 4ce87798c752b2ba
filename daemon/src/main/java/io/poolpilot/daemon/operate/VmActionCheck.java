package io.poolpilot.daemon.operate;

import io.poolpilot.api.model.Refusal;
import io.poolpilot.api.model.VmAction;
import io.poolpilot.api.port.PortFailure;
import io.poolpilot.daemon.model.PowerState;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Whether the pool would accept a VM action now, decided from fresh figures before anything is sent, with
 * the pool's own rules: which power states each action starts from, a live source host, and a live,
 * enabled destination with room for the VM. Pure: the caller reads the pool.
 */
public final class VmActionCheck {

    /** A host as the check needs it. */
    public record HostState(String uuid, String name, boolean live, boolean enabled, long memoryFreeBytes) {
    }

    /**
     * @param residentOn  the host the VM runs on (null unless running, paused)
     * @param memoryBytes what the VM needs on a host to run
     */
    public record VmState(String uuid, String name, PowerState powerState, HostState residentOn, long memoryBytes) {
    }

    private VmActionCheck() {
    }

    /** The power states each action may start from. */
    public static Set<PowerState> allowedFrom(VmAction action) {
        return switch (action) {
            case START -> Set.of(PowerState.HALTED);
            case SHUTDOWN, REBOOT, SUSPEND, MIGRATE -> Set.of(PowerState.RUNNING);
            case HARD_SHUTDOWN -> Set.of(PowerState.RUNNING, PowerState.PAUSED, PowerState.SUSPENDED);
            case RESUME -> Set.of(PowerState.SUSPENDED);
        };
    }

    /**
     * The refusal, or empty when the action may go ahead.
     *
     * @param destination the migrate destination (null for other actions)
     * @param hosts       every host of the pool (where start and resume may land)
     */
    public static Optional<PortFailure.Refused> check(VmAction action, VmState vm, HostState destination,
                                                      Collection<HostState> hosts) {
        Set<PowerState> allowed = allowedFrom(action);
        if (!allowed.contains(vm.powerState())) {
            return refuse(Refusal.BAD_POWER_STATE, "VM " + vm.name() + " is " + word(vm.powerState()) + "; "
                    + action.wire() + " needs it " + String.join(" or ", allowed.stream().map(VmActionCheck::word).sorted().toList()),
                    word(vm.powerState()));
        }
        if (vm.residentOn() != null && !vm.residentOn().live()) {
            return refuse(Refusal.HOST_OFFLINE, "host " + vm.residentOn().name() + " that runs VM " + vm.name()
                    + " is down", null);
        }
        return switch (action) {
            case START, RESUME -> somewhereToRun(action, vm, hosts);
            case MIGRATE -> destination(vm, destination);
            default -> Optional.empty();
        };
    }

    private static Optional<PortFailure.Refused> somewhereToRun(VmAction action, VmState vm, Collection<HostState> hosts) {
        var usable = hosts.stream().filter(h -> h.live() && h.enabled()).toList();
        if (usable.isEmpty()) {
            return refuse(Refusal.NO_HOST_AVAILABLE, "no host of the pool is up and enabled to " + action.wire()
                    + " VM " + vm.name() + " on", null);
        }
        long best = usable.stream().mapToLong(HostState::memoryFreeBytes).max().orElse(0);
        if (best < vm.memoryBytes()) {
            return refuse(Refusal.NOT_ENOUGH_MEMORY, "VM " + vm.name() + " needs " + vm.memoryBytes()
                    + " bytes; the most any usable host has free is " + best, null);
        }
        return Optional.empty();
    }

    private static Optional<PortFailure.Refused> destination(VmState vm, HostState to) {
        if (vm.residentOn() != null && vm.residentOn().uuid().equals(to.uuid())) {
            return refuse(Refusal.REFUSED, "VM " + vm.name() + " already runs on host " + to.name(), null);
        }
        if (!to.live()) {
            return refuse(Refusal.HOST_OFFLINE, "destination host " + to.name() + " is down", null);
        }
        if (!to.enabled()) {
            return refuse(Refusal.HOST_DISABLED, "destination host " + to.name()
                    + " is disabled (in maintenance): it takes no VMs", null);
        }
        if (to.memoryFreeBytes() < vm.memoryBytes()) {
            return refuse(Refusal.NOT_ENOUGH_MEMORY, "destination host " + to.name() + " has " + to.memoryFreeBytes()
                    + " bytes free; VM " + vm.name() + " needs " + vm.memoryBytes(), null);
        }
        return Optional.empty();
    }

    private static Optional<PortFailure.Refused> refuse(Refusal refusal, String detail, String powerState) {
        return Optional.of(new PortFailure.Refused(refusal, detail, powerState));
    }

    private static String word(PowerState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
