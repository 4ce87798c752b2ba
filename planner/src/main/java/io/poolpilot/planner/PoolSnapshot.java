package io.poolpilot.planner;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Immutable picture of one pool at one instant: the planner's only input besides the request.
 *
 * @param poolId           pool id
 * @param inventoryVersion version of the inventory this snapshot was built from; a plan is only valid
 *                         against it (the executor re-checks)
 * @param hosts            every host of the pool, including disabled and maintenance ones
 * @param vms              every running VM
 * @param rules            the pool's placement policy
 * @param asOf             the snapshot's time; the planner has no clock of its own
 * @param names            display names of the pool, hosts and VMs, for every text of the plan
 */
public record PoolSnapshot(
        String poolId,
        long inventoryVersion,
        List<HostSpec> hosts,
        List<VmSpec> vms,
        Rules rules,
        Instant asOf,
        Names names) {

    public PoolSnapshot {
        Objects.requireNonNull(poolId, "poolId");
        Objects.requireNonNull(rules, "rules (use Rules.defaults())");
        Objects.requireNonNull(asOf, "asOf");
        names = names == null ? Names.NONE : names;
        hosts = List.copyOf(Objects.requireNonNull(hosts, "hosts"));
        vms = List.copyOf(Objects.requireNonNull(vms, "vms"));
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("pool " + poolId + " has no hosts");
        }
        Set<String> hostIds = new HashSet<>();
        for (HostSpec host : hosts) {
            if (!hostIds.add(host.id())) {
                throw new IllegalArgumentException("pool " + poolId + ": duplicate host id " + host.id());
            }
        }
        Set<String> vmIds = new HashSet<>();
        for (VmSpec vm : vms) {
            if (!vmIds.add(vm.id())) {
                throw new IllegalArgumentException("pool " + poolId + ": duplicate vm id " + vm.id());
            }
            if (!hostIds.contains(vm.currentHostId())) {
                throw new IllegalArgumentException("pool " + poolId + ": vm " + vm.id() + " runs on unknown host "
                        + vm.currentHostId() + " (refresh the inventory)");
            }
        }
    }

    /** A snapshot whose objects have no display names (they are shown by id). */
    public PoolSnapshot(String poolId, long inventoryVersion, List<HostSpec> hosts, List<VmSpec> vms, Rules rules,
                        Instant asOf) {
        this(poolId, inventoryVersion, hosts, vms, rules, asOf, Names.NONE);
    }

    /** The host with this id; fails with a message naming the pool if there is none. */
    public HostSpec host(String hostId) {
        for (HostSpec host : hosts) {
            if (host.id().equals(hostId)) {
                return host;
            }
        }
        throw new IllegalArgumentException("pool " + poolId + " has no host " + hostId);
    }

    /** True when the VM migrated within the pool's cooldown before {@link #asOf()}. */
    public boolean inCooldown(VmSpec vm) {
        Instant last = vm.lastMigratedAt();
        return last != null && !last.isAfter(asOf) && last.plus(rules.migrationCooldown()).isAfter(asOf);
    }
}
