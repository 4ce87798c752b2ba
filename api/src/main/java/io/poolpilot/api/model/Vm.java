package io.poolpilot.api.model;

import java.util.List;
import java.util.Objects;

/** A VM of a pool: where it runs ({@code hostUuid}, null when halted), its size and latest metrics. */
public record Vm(String uuid, String poolId, String name, PowerState powerState, String hostUuid,
                 int vcpuCount, long memoryBytes, VmMetrics latest, String account, List<VmDisk> disks,
                 List<VmNetworkInterface> networkInterfaces) {
    /** Without account, disks or network interfaces (not known). */
    public Vm(String uuid, String poolId, String name, PowerState powerState, String hostUuid, int vcpuCount, long memoryBytes,
              VmMetrics latest) {
        this(uuid, poolId, name, powerState, hostUuid, vcpuCount, memoryBytes, latest, null, null, null);
    }

    public Vm {
        disks = disks == null ? null : List.copyOf(disks);
        networkInterfaces = networkInterfaces == null ? null : List.copyOf(networkInterfaces);
        Ids.requireUuid("vm uuid", uuid);
        Ids.requirePoolId("vm poolId", poolId);
        Objects.requireNonNull(name, "vm name");
        Objects.requireNonNull(powerState, "vm powerState");
        if (hostUuid != null) {
            Ids.requireUuid("vm hostUuid", hostUuid);
        }
        if (vcpuCount < 0 || memoryBytes < 0) {
            throw new IllegalArgumentException("vm " + uuid + ": vcpuCount and memoryBytes must be >= 0");
        }
    }
}
