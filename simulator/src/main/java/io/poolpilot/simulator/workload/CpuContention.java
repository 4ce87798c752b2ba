package io.poolpilot.simulator.workload;

/**
 * How much CPU VMs get on one host: demand is capped by each VM's vCPUs, and when the sum exceeds the
 * host's cores every VM is scaled down by the same factor (a fair-share scheduler under overload).
 */
public final class CpuContention {
    private CpuContention() {
    }

    /** Factor (0..1] applied to every VM's demand on a host with {@code cores} cores. */
    public static double shareFactor(double totalDemandCores, int cores) {
        return totalDemandCores > cores ? cores / totalDemandCores : 1.0;
    }

    /** Demand in cores for a VM with {@code vcpus} at a utilisation fraction (capped at its vCPUs). */
    public static double demandCores(double utilisation, int vcpus) {
        return Math.max(0, Math.min(1, utilisation)) * vcpus;
    }
}
