package io.poolpilot.planner;

import java.time.Instant;
import java.util.List;

/** Small hand-made pools for tests. */
public final class Pools {

    public static final long GIB = 1L << 30;
    public static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    private Pools() {
    }

    /** A host with {@code cores} cores of capacity and {@code memoryGiB} usable memory (plus 2 GiB overhead). */
    public static HostSpec host(String id, int cores, int memoryGiB) {
        return new HostSpec(id, cores, cores, (memoryGiB + 2L) * GIB, 2 * GIB, true, false);
    }

    public static VmSpec vm(String id, int vcpus, int memoryGiB, double cpuDemandCores, String hostId) {
        return VmSpec.of(id, vcpus, memoryGiB * GIB, cpuDemandCores, hostId);
    }

    public static PoolSnapshot pool(List<HostSpec> hosts, List<VmSpec> vms) {
        return pool(hosts, vms, Rules.defaults());
    }

    public static PoolSnapshot pool(List<HostSpec> hosts, List<VmSpec> vms, Rules rules) {
        return new PoolSnapshot("test-pool", 1, hosts, vms, rules, NOW);
    }
}
