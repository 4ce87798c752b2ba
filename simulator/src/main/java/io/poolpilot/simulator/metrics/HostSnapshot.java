package io.poolpilot.simulator.metrics;

import io.poolpilot.simulator.state.VmRuntime;
import java.util.List;

/**
 * What one host's rrd_updates needs, copied under the pool lock so rendering runs without it.
 *
 * @param vms the VMs resident on the host (control domain included), each with whether its disk is unreachable
 */
public record HostSnapshot(String hostUuid, String hostName, int cores, long memoryBytes, long freeMemoryBytes,
                           List<Resident> vms, long seed) {
    /** A resident VM and whether it stalls (its storage is gone). */
    public record Resident(VmRuntime vm, boolean stalled) {
    }

    public HostSnapshot {
        vms = List.copyOf(vms);
    }
}
