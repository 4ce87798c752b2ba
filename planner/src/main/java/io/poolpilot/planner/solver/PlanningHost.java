package io.poolpilot.planner.solver;

import ai.timefold.solver.core.api.domain.lookup.PlanningId;

/**
 * A host as a Timefold problem fact: capacities pre-computed in integer units. Identity equality, on
 * purpose: constraint streams hash hosts on every move.
 */
public final class PlanningHost {

    @PlanningId
    private final String id;
    private final long cpuCapacityMillis;
    private final long cpuThresholdMillis;
    private final long memoryCapacityBytes;
    private final int maxVcpus;
    private final long memoryThresholdBytes;
    /** CPU demand and memory of the VMs on this host before the plan: what the threshold rule allows at least. */
    private final long originalCpuDemandMillis;
    private final long originalMemoryBytes;
    /** Null when the host accepts VMs, else why not ("disabled", "in maintenance", "being evacuated"). */
    private final String unavailableReason;

    /** A host with its memory threshold at its capacity and no VMs before the plan (tests). */
    public PlanningHost(String id, long cpuCapacityMillis, long cpuThresholdMillis, long memoryCapacityBytes,
                        int maxVcpus, String unavailableReason) {
        this(id, cpuCapacityMillis, cpuThresholdMillis, memoryCapacityBytes, memoryCapacityBytes, maxVcpus,
                unavailableReason, 0, 0);
    }

    public PlanningHost(String id, long cpuCapacityMillis, long cpuThresholdMillis, long memoryCapacityBytes,
                        long memoryThresholdBytes, int maxVcpus, String unavailableReason,
                        long originalCpuDemandMillis, long originalMemoryBytes) {
        this.id = id;
        this.memoryThresholdBytes = memoryThresholdBytes;
        this.originalCpuDemandMillis = originalCpuDemandMillis;
        this.originalMemoryBytes = originalMemoryBytes;
        this.cpuCapacityMillis = cpuCapacityMillis;
        this.cpuThresholdMillis = cpuThresholdMillis;
        this.memoryCapacityBytes = memoryCapacityBytes;
        this.maxVcpus = maxVcpus;
        this.unavailableReason = unavailableReason;
    }

    public String getId() {
        return id;
    }

    public long getCpuCapacityMillis() {
        return cpuCapacityMillis;
    }

    public long getCpuThresholdMillis() {
        return cpuThresholdMillis;
    }

    public long getMemoryCapacityBytes() {
        return memoryCapacityBytes;
    }

    public long getMemoryThresholdBytes() {
        return memoryThresholdBytes;
    }

    public long getOriginalCpuDemandMillis() {
        return originalCpuDemandMillis;
    }

    public long getOriginalMemoryBytes() {
        return originalMemoryBytes;
    }

    public int getMaxVcpus() {
        return maxVcpus;
    }

    public boolean isAvailable() {
        return unavailableReason == null;
    }

    public String getUnavailableReason() {
        return unavailableReason;
    }

    @Override
    public String toString() {
        return id;
    }
}
