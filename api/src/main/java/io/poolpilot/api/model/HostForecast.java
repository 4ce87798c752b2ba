package io.poolpilot.api.model;

/**
 * A host's predicted load at one point of a plan, as the planner computed it from the snapshot it
 * planned on: utilisations are fractions (CPU demand over capacity may exceed 1 when overloaded).
 * {@code hostName} is the host's name in the pool now (null when unknown).
 */
public record HostForecast(String hostId, int vmCount, int vcpus, double cpuDemandCores, double cpuUtilisation,
                           long memoryUsedBytes, double memoryUtilisation, String hostName) {
    public HostForecast(String hostId, int vmCount, int vcpus, double cpuDemandCores, double cpuUtilisation,
                        long memoryUsedBytes, double memoryUtilisation) {
        this(hostId, vmCount, vcpus, cpuDemandCores, cpuUtilisation, memoryUsedBytes, memoryUtilisation, null);
    }

    /** The same figures with the host's name. */
    public HostForecast withHostName(String name) {
        return new HostForecast(hostId, vmCount, vcpus, cpuDemandCores, cpuUtilisation, memoryUsedBytes,
                memoryUtilisation, name);
    }

    public HostForecast {
        Ids.requireUuid("forecast hostId", hostId);
        if (vmCount < 0 || vcpus < 0 || memoryUsedBytes < 0 || !(cpuDemandCores >= 0) || !(cpuUtilisation >= 0)
                || !(memoryUtilisation >= 0)) {
            throw new IllegalArgumentException("host " + hostId + ": forecast figures must be finite and >= 0");
        }
    }
}
