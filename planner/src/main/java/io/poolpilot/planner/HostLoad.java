package io.poolpilot.planner;

import java.util.Locale;
import java.util.Objects;

/**
 * Predicted load of one host at one point of a plan.
 *
 * @param hostId             host
 * @param vmCount            VMs resident
 * @param vcpus              vCPUs resident
 * @param cpuDemandCores     summed CPU demand estimate
 * @param cpuUtilisation     demand / CPU capacity (may exceed 1 when overloaded)
 * @param memoryUsedBytes    summed VM memory footprint
 * @param memoryUtilisation  used / usable memory
 */
public record HostLoad(
        String hostId,
        int vmCount,
        int vcpus,
        double cpuDemandCores,
        double cpuUtilisation,
        long memoryUsedBytes,
        double memoryUtilisation) {

    public HostLoad {
        Objects.requireNonNull(hostId, "hostId");
        if (vmCount < 0 || vcpus < 0 || cpuDemandCores < 0 || memoryUsedBytes < 0) {
            throw new IllegalArgumentException("host " + hostId + ": load figures must be >= 0");
        }
    }

    /** e.g. {@code h1 cpu 72.4% mem 61.0% (12 VMs)}. */
    public String describe() {
        return String.format(Locale.ROOT, "%s cpu %.1f%% mem %.1f%% (%d VMs)", hostId, cpuUtilisation * 100,
                memoryUtilisation * 100, vmCount);
    }
}
