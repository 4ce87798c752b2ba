package io.poolpilot.daemon.plan;

import io.poolpilot.daemon.detect.HostLiveness;
import io.poolpilot.daemon.live.LiveState;
import io.poolpilot.planner.HostSpec;
import io.poolpilot.planner.PoolSnapshot;
import io.poolpilot.planner.Rules;
import io.poolpilot.planner.VmSpec;
import io.poolpilot.xapi.event.Inventory;
import io.poolpilot.xapi.model.Host;
import io.poolpilot.xapi.model.HostMetrics;
import io.poolpilot.xapi.model.PowerState;
import io.poolpilot.xapi.model.Vm;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns a pool's current inventory and the live window into the planner's {@link PoolSnapshot}: hosts
 * with their memory and CPU capacity, running guests with their p95 CPU demand, and VM placement groups
 * from {@code other_config}, and when each VM last migrated (for the cooldown). A host that is down (its
 * metrics say not live) is listed as disabled, so nothing is planned onto it, and its VMs are left out:
 * they cannot be migrated off a host that does not answer.
 */
public final class SnapshotBuilder {

    /** {@code other_config} keys an operator sets on a VM. */
    public static final String ANTI_AFFINITY_KEY = "anti_affinity_group";
    public static final String AFFINITY_KEY = "affinity_group";
    public static final String PINNED_KEY = "poolpilot_pinned";

    private final LiveState live;
    private final Rules rules;

    public SnapshotBuilder(LiveState live, Rules rules) {
        this.live = live;
        this.rules = rules;
    }

    /** How far back a migration still puts its VM in cooldown. */
    public java.time.Duration cooldown() {
        return rules.migrationCooldown();
    }

    /**
     * The snapshot, or an exception naming why the pool cannot be planned now.
     *
     * @param lastMigrations VM uuid → when it last finished migrating (at least the cooldown's window)
     */
    public PoolSnapshot build(String poolName, Inventory inventory, Instant asOf, Map<String, Instant> lastMigrations) {
        if (inventory == null || inventory.hosts().isEmpty()) {
            throw new IllegalStateException("pool " + poolName + " has no inventory yet (still connecting)");
        }
        Map<String, Long> controlDomainBytes = new TreeMap<>();
        for (Vm vm : inventory.vms().values()) {
            if (vm.isControlDomain() && vm.residentOn().isPresent()) {
                controlDomainBytes.merge(vm.residentOn().get(), vm.memoryTargetBytes(), Long::sum);
            }
        }
        List<HostSpec> hosts = new ArrayList<>();
        Map<String, String> hostUuidByRef = new TreeMap<>();
        java.util.Set<String> downHostRefs = new java.util.HashSet<>();
        for (Host host : sorted(inventory.hosts().values(), Host::uuid)) {
            HostMetrics metrics = host.metrics().map(ref -> inventory.hostMetrics().get(ref)).orElse(null);
            if (metrics == null || metrics.memoryTotalBytes() <= 0 || host.cpuCount() <= 0) {
                continue; // without capacity figures a host cannot be planned for; it keeps its VMs
            }
            long overhead = Math.min(metrics.memoryTotalBytes() - 1,
                    host.memoryOverheadBytes() + controlDomainBytes.getOrDefault(host.ref(), 0L));
            boolean live = HostLiveness.live(inventory, host);
            if (!live) {
                downHostRefs.add(host.ref());
            }
            hosts.add(new HostSpec(host.uuid(), host.cpuCount(), host.cpuCount(), metrics.memoryTotalBytes(),
                    Math.max(0, overhead), host.enabled() && live, false));
            hostUuidByRef.put(host.ref(), host.uuid());
        }
        if (hosts.isEmpty()) {
            throw new IllegalStateException("pool " + poolName + ": no host reports its memory and CPU count yet");
        }
        List<VmSpec> vms = new ArrayList<>();
        for (Vm vm : sorted(inventory.vms().values(), Vm::uuid)) {
            if (!vm.isGuest() || vm.powerState() != PowerState.RUNNING || vm.residentOn().isEmpty()) {
                continue;
            }
            String hostUuid = hostUuidByRef.get(vm.residentOn().get());
            if (hostUuid == null || downHostRefs.contains(vm.residentOn().get())) {
                continue;
            }
            int vcpus = Math.max(1, vm.vcpusAtStartup());
            double demand = Math.clamp(live.p95CpuUsedCores(vm.uuid()).orElse(0.0), 0.0, vcpus);
            long memory = Math.max(vm.memoryTargetBytes(), vm.memoryStaticMaxBytes());
            if (memory <= 0) {
                continue;
            }
            boolean pinned = "true".equalsIgnoreCase(vm.otherConfig().get(PINNED_KEY));
            vms.add(new VmSpec(vm.uuid(), vcpus, memory, demand, hostUuid, pinned, groups(vm, AFFINITY_KEY),
                    groups(vm, ANTI_AFFINITY_KEY), lastMigrations.get(vm.uuid())));
        }
        return new PoolSnapshot(poolName, inventory.version(), hosts, vms, rules, asOf,
                InventoryNames.of(inventory).names());
    }

    /** Where every running guest is now: VM uuid → host uuid. */
    public static Map<String, String> placements(Inventory inventory) {
        Map<String, String> out = new TreeMap<>();
        for (Vm vm : inventory.vms().values()) {
            if (vm.isGuest() && vm.powerState() == PowerState.RUNNING && vm.residentOn().isPresent()) {
                Host host = inventory.hosts().get(vm.residentOn().get());
                if (host != null) {
                    out.put(vm.uuid(), host.uuid());
                }
            }
        }
        return out;
    }

    private static SortedSet<String> groups(Vm vm, String key) {
        String value = vm.otherConfig().get(key);
        SortedSet<String> out = new TreeSet<>();
        if (value != null) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    private static <T> List<T> sorted(java.util.Collection<T> items, java.util.function.Function<T, String> key) {
        return items.stream().sorted(Comparator.comparing(key)).toList();
    }
}
