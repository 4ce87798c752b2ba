package io.poolpilot.api.model;

/**
 * A host's predicted load at one point of a plan, as the planner computed it from the snapshot it
 * planned on: utilisations are fractions (CPU demand over capacity may exceed 1 when overloaded).
 */
public record HostForecast(String hostId, int vmCount, int vcpus, double cpuDemandCores, double cpuUtilisation,
                           long memoryUsedBytes, double memoryUtilisation) {
    public HostForecast {
        Ids.requireUuid("forecast hostId", hostId);
        if (vmCount < 0 || vcpus < 0 || memoryUsedBytes < 0 || !(cpuDemandCores >= 0) || !(cpuUtilisation >= 0)
                || !(memoryUtilisation >= 0)) {
            throw new IllegalArgumentException("host " + hostId + ": forecast figures must be finite and >= 0");
        }
    }
}
