package io.poolpilot.planner.placement;

import io.poolpilot.planner.HostSpec;
import io.poolpilot.planner.PoolSnapshot;
import io.poolpilot.planner.Rules;
import io.poolpilot.planner.solver.Units;

/**
 * What each host of a pool may hold, fixed for the whole plan: whether it accepts VMs, its usable memory,
 * its vCPU limit, its CPU capacity and the pool's CPU and memory thresholds on it. Indices follow the
 * snapshot's host order.
 */
public final class HostLimits {

    final boolean[] accepts;
    final long[] memoryCapacity;
    final int[] maxVcpus;
    final double[] cpuCapacity;
    final long[] cpuThresholdMillis;
    final long[] memoryThreshold;

    HostLimits(PoolSnapshot snapshot, String evacuatingHostId) {
        int h = snapshot.hosts().size();
        accepts = new boolean[h];
        memoryCapacity = new long[h];
        maxVcpus = new int[h];
        cpuCapacity = new double[h];
        cpuThresholdMillis = new long[h];
        memoryThreshold = new long[h];
        for (int i = 0; i < h; i++) {
            HostSpec host = snapshot.hosts().get(i);
            accepts[i] = host.acceptsVms() && !host.id().equals(evacuatingHostId);
            memoryCapacity[i] = host.memoryUsableBytes();
            maxVcpus[i] = maxVcpus(host, snapshot.rules().vcpuOvercommitRatio());
            cpuCapacity[i] = host.cpuCapacityCores();
            cpuThresholdMillis[i] = cpuThresholdMillis(host, snapshot.rules());
            memoryThreshold[i] = memoryThresholdBytes(host, snapshot.rules());
        }
    }

    /** The one place the vCPU limit of a host is computed. */
    public static int maxVcpus(HostSpec host, double overcommitRatio) {
        return (int) Math.floor(host.cpuCores() * overcommitRatio + 1e-9);
    }

    /** The one place the memory threshold of a host is computed: a fraction of its usable memory. */
    public static long memoryThresholdBytes(HostSpec host, Rules rules) {
        double ratio = rules.memoryThresholdRatio();
        return ratio >= 1.0 ? host.memoryUsableBytes() : Math.round(host.memoryUsableBytes() * ratio);
    }

    /** A host's CPU capacity in millicores (at least 1), the unit every CPU rule is checked in. */
    public static long cpuCapacityMillis(HostSpec host) {
        return Math.max(1, Units.millis(host.cpuCapacityCores()));
    }

    /** The one place the CPU threshold of a host is computed, in millicores. */
    public static long cpuThresholdMillis(HostSpec host, Rules rules) {
        return Math.round(cpuCapacityMillis(host) * rules.cpuThresholdRatio());
    }
}
