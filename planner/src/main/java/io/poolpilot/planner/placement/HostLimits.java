package io.poolpilot.planner.placement;

import io.poolpilot.planner.HostSpec;
import io.poolpilot.planner.PoolSnapshot;

/**
 * What each host of a pool may hold, fixed for the whole plan: whether it accepts VMs, its usable memory,
 * its vCPU limit, and its CPU capacity. Indices follow the
 * snapshot's host order.
 */
final class HostLimits {

    final boolean[] accepts;
    final long[] memoryCapacity;
    final int[] maxVcpus;
    final double[] cpuCapacity;

    HostLimits(PoolSnapshot snapshot, String evacuatingHostId) {
        int h = snapshot.hosts().size();
        accepts = new boolean[h];
        memoryCapacity = new long[h];
        maxVcpus = new int[h];
        cpuCapacity = new double[h];
        for (int i = 0; i < h; i++) {
            HostSpec host = snapshot.hosts().get(i);
            accepts[i] = host.acceptsVms() && !host.id().equals(evacuatingHostId);
            memoryCapacity[i] = host.memoryUsableBytes();
            maxVcpus[i] = maxVcpus(host, snapshot.rules().vcpuOvercommitRatio());
            cpuCapacity[i] = host.cpuCapacityCores();
        }
    }

    /** The one place the vCPU limit of a host is computed. */
    static int maxVcpus(HostSpec host, double overcommitRatio) {
        return (int) Math.floor(host.cpuCores() * overcommitRatio + 1e-9);
    }
}
