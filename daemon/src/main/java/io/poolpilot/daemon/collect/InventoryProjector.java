package io.poolpilot.daemon.collect;

import io.poolpilot.daemon.model.InventoryChange;
import io.poolpilot.daemon.model.PowerState;
import io.poolpilot.xapi.event.Inventory;
import io.poolpilot.xapi.model.Host;
import io.poolpilot.xapi.model.HostMetrics;
import io.poolpilot.xapi.model.Pool;
import io.poolpilot.xapi.model.Vm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Projects XAPI's inventory onto PoolPilot's domain view (pool, hosts, guest VMs) and reports only
 * what changed since the last projection, so the journal carries meaningful changes rather than
 * every metrics-record tick. Not thread-safe: one per pool, used by that pool's event follower.
 */
public final class InventoryProjector {

    /** VM other_config keys copied into labels (anti-affinity and affinity groups, pinning). */
    public static final List<String> LABEL_KEYS = List.of(
            "anti_affinity_group", "affinity_group", "pinned");

    private final String billingAccountKey;
    private String poolUuid;
    private InventoryChange.PoolSeen lastPool;
    private final Map<String, InventoryChange.HostSeen> lastHosts = new HashMap<>();
    private final Map<String, InventoryChange.VmSeen> lastVms = new HashMap<>();
    private java.util.Set<String> controlDomains = java.util.Set.of();

    public InventoryProjector(String billingAccountKey) {
        this.billingAccountKey = billingAccountKey;
    }

    /** The pool's uuid once an inventory with a pool object was projected. */
    public String poolUuid() {
        return poolUuid;
    }

    /**
     * Uuids of the control domains (dom0) seen in the last projection: XAPI reports their metrics
     * among the VMs', but they are the hosts' own overhead, not guests to store or bill.
     */
    public java.util.Set<String> controlDomainUuids() {
        return controlDomains;
    }

    /** Changes since the previous call; the first call reports everything. */
    public List<InventoryChange> project(Inventory inventory, long timeMillis) {
        List<InventoryChange> changes = new ArrayList<>();
        Pool pool = inventory.pools().values().stream().findFirst().orElse(null);
        if (pool == null) {
            return changes;
        }
        poolUuid = pool.uuid();
        var poolSeen = new InventoryChange.PoolSeen(pool.uuid(), pool.nameLabel(), timeMillis);
        if (lastPool == null || !lastPool.name().equals(poolSeen.name())) {
            changes.add(poolSeen);
            lastPool = poolSeen;
        }

        Map<String, String> hostUuidByRef = new HashMap<>();
        Map<String, InventoryChange.HostSeen> hosts = new TreeMap<>();
        for (Map.Entry<String, Host> entry : inventory.hosts().entrySet()) {
            Host host = entry.getValue();
            hostUuidByRef.put(entry.getKey(), host.uuid());
            long memoryTotal = host.metrics().map(ref -> inventory.hostMetrics().get(ref))
                    .map(HostMetrics::memoryTotalBytes).orElse(0L);
            hosts.put(host.uuid(), new InventoryChange.HostSeen(pool.uuid(), host.uuid(), host.nameLabel(),
                    host.address(), host.cpuCount(), memoryTotal, host.enabled(), timeMillis));
        }
        diff(lastHosts, hosts, changes, uuid -> new InventoryChange.HostGone(pool.uuid(), uuid, timeMillis),
                (a, b) -> a.name().equals(b.name()) && a.address().equals(b.address()) && a.cpuCount() == b.cpuCount()
                        && a.memoryTotalBytes() == b.memoryTotalBytes() && a.enabled() == b.enabled());

        Map<String, InventoryChange.VmSeen> vms = new TreeMap<>();
        java.util.Set<String> dom0s = new java.util.HashSet<>();
        for (Vm vm : inventory.vms().values()) {
            if (vm.isControlDomain()) {
                dom0s.add(vm.uuid());
                continue;
            }
            if (vm.isATemplate() || vm.isSnapshot()) {
                continue;
            }
            String hostUuid = vm.residentOn().map(hostUuidByRef::get).orElse(null);
            Map<String, String> labels = new TreeMap<>();
            for (String key : LABEL_KEYS) {
                String value = vm.otherConfig().get(key);
                if (value != null) {
                    labels.put(key, value);
                }
            }
            vms.put(vm.uuid(), new InventoryChange.VmSeen(pool.uuid(), vm.uuid(), vm.nameLabel(), hostUuid,
                    powerState(vm.powerState()), vm.vcpusMax(), vm.memoryStaticMaxBytes(),
                    vm.otherConfig().get(billingAccountKey), labels, timeMillis));
        }
        controlDomains = java.util.Set.copyOf(dom0s);
        diff(lastVms, vms, changes, uuid -> new InventoryChange.VmGone(pool.uuid(), uuid, timeMillis),
                (a, b) -> a.name().equals(b.name()) && java.util.Objects.equals(a.hostUuid(), b.hostUuid())
                        && a.powerState() == b.powerState() && a.vcpus() == b.vcpus()
                        && a.memoryBytes() == b.memoryBytes()
                        && java.util.Objects.equals(a.billingAccount(), b.billingAccount())
                        && a.labels().equals(b.labels()));
        return changes;
    }

    /** XAPI's power state in the daemon's words; an unknown one reads as halted (not running, not billed as running). */
    static PowerState powerState(io.poolpilot.xapi.model.PowerState state) {
        return switch (state) {
            case RUNNING -> PowerState.RUNNING;
            case PAUSED -> PowerState.PAUSED;
            case SUSPENDED -> PowerState.SUSPENDED;
            case HALTED, UNKNOWN -> PowerState.HALTED;
        };
    }

    private static <T extends InventoryChange> void diff(Map<String, T> last, Map<String, T> now,
                                                         List<InventoryChange> changes,
                                                         java.util.function.Function<String, InventoryChange> gone,
                                                         java.util.function.BiPredicate<T, T> same) {
        for (Map.Entry<String, T> entry : now.entrySet()) {
            T previous = last.get(entry.getKey());
            if (previous == null || !same.test(previous, entry.getValue())) {
                changes.add(entry.getValue());
                last.put(entry.getKey(), entry.getValue());
            }
        }
        for (String uuid : List.copyOf(last.keySet())) {
            if (!now.containsKey(uuid)) {
                changes.add(gone.apply(uuid));
                last.remove(uuid);
            }
        }
    }
}
