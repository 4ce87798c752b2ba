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
    /** Null when the host accepts VMs, else why not ("disabled", "in maintenance", "being evacuated"). */
    private final String unavailableReason;

    public PlanningHost(String id, long cpuCapacityMillis, long cpuThresholdMillis, long memoryCapacityBytes,
                        int maxVcpus, String unavailableReason) {
        this.id = id;
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
