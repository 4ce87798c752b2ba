package io.poolpilot.api.model;

import java.util.Objects;

/** A host of a pool with its capacity and its latest metrics ({@code latest} is null before the first sample). */
public record Host(String uuid, String poolId, String name, boolean enabled, int cpuCount,
                   long memoryTotalBytes, HostMetrics latest) {
    public Host {
        Ids.requireUuid("host uuid", uuid);
        Ids.requirePoolId("host poolId", poolId);
        Objects.requireNonNull(name, "host name");
        if (cpuCount < 0 || memoryTotalBytes < 0) {
            throw new IllegalArgumentException("host " + uuid + ": cpuCount and memoryTotalBytes must be >= 0");
        }
    }
}
