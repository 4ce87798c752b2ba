package io.poolpilot.planner;

import java.util.Objects;

/**
 * One host of the pool as the planner sees it.
 *
 * @param id                  stable host id (XAPI uuid in practice)
 * @param cpuCores            physical CPU threads; the vCPU overcommit limit is a multiple of this
 * @param cpuCapacityCores    CPU capacity available to guests, in cores (may be below {@code cpuCores}
 *                            when dom0 keeps some, or above it on faster hosts normalised to a reference)
 * @param memoryTotalBytes    physical memory
 * @param memoryOverheadBytes memory the host keeps for itself (Xen, dom0); guests get the rest
 * @param enabled             false when the host refuses new VMs
 * @param maintenance         true when the host is in maintenance: it must end up empty
 */
public record HostSpec(
        String id,
        int cpuCores,
        double cpuCapacityCores,
        long memoryTotalBytes,
        long memoryOverheadBytes,
        boolean enabled,
        boolean maintenance) {

    public HostSpec {
        Objects.requireNonNull(id, "host id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("host id must not be blank");
        }
        if (cpuCores <= 0) {
            throw new IllegalArgumentException("host " + id + ": cpuCores must be > 0, got " + cpuCores);
        }
        if (!(cpuCapacityCores > 0) || Double.isInfinite(cpuCapacityCores)) {
            throw new IllegalArgumentException(
                    "host " + id + ": cpuCapacityCores must be a positive finite number, got " + cpuCapacityCores);
        }
        if (memoryTotalBytes <= 0) {
            throw new IllegalArgumentException("host " + id + ": memoryTotalBytes must be > 0, got " + memoryTotalBytes);
        }
        if (memoryOverheadBytes < 0 || memoryOverheadBytes >= memoryTotalBytes) {
            throw new IllegalArgumentException("host " + id + ": memoryOverheadBytes must be in [0, memoryTotalBytes="
                    + memoryTotalBytes + "), got " + memoryOverheadBytes);
        }
    }

    /** Memory guests may use: total minus the host's own overhead. */
    public long memoryUsableBytes() {
        return memoryTotalBytes - memoryOverheadBytes;
    }

    /** True when the host may receive VMs. */
    public boolean acceptsVms() {
        return enabled && !maintenance;
    }
}
