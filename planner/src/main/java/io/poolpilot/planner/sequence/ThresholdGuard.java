package io.poolpilot.planner.sequence;

import io.poolpilot.planner.VmSpec;
import io.poolpilot.planner.placement.PoolState;
import io.poolpilot.planner.solver.Units;

import java.util.Locale;

/**
 * The sequencer's side of the hard threshold rule: no wave may push a host over the pool's CPU or memory
 * threshold, nor give a host already over it more than it had before the plan. A VM leaving a host that no longer accepts VMs
 * (an evacuation) is let through wherever the target placement sends it, and what it brings raises the
 * host's allowance to {@code before + evacuees}, exactly as in the solver's {@code cpuThresholdKept}.
 * CPU is counted in millicores per VM, as the solver counts it, so both agree to the millicore. Arrivals
 * count from the start of their wave, departures only once it ends (the same transient usage as memory).
 */
final class ThresholdGuard {

    private final boolean[] evacuee;
    private final int[] originalHost;
    private final long[] cpuBefore;
    private final long[] memoryBefore;
    private final long[] cpuNow;
    private final long[] evacueeCpu;
    private final long[] evacueeMemory;

    ThresholdGuard(PoolState start) {
        int hosts = start.hostCount();
        evacuee = new boolean[start.vmCount()];
        originalHost = new int[start.vmCount()];
        cpuBefore = new long[hosts];
        memoryBefore = new long[hosts];
        evacueeCpu = new long[hosts];
        evacueeMemory = new long[hosts];
        for (int v = 0; v < start.vmCount(); v++) {
            int h = start.hostOf(v);
            originalHost[v] = h;
            evacuee[v] = !start.accepts(h);
            cpuBefore[h] += millis(start.vm(v));
            memoryBefore[h] += start.vm(v).memoryBytes();
        }
        cpuNow = cpuBefore.clone();
    }

    /** Amounts promised to a host by moves already chosen for the wave being built. */
    static final class Reserved {
        final long[] cpuMillis;
        final long[] evacueeCpuMillis;
        final long[] evacueeMemoryBytes;

        Reserved(int hosts) {
            cpuMillis = new long[hosts];
            evacueeCpuMillis = new long[hosts];
            evacueeMemoryBytes = new long[hosts];
        }
    }

    /** Null when VM {@code v} may arrive at host {@code to} in this wave, else why not, in words. */
    String refusal(PoolState state, int v, int to, long reservedMemoryBytes, Reserved reserved) {
        if (evacuee[v]) {
            return null;
        }
        VmSpec vm = state.vm(v);
        long cpuAfter = cpuNow[to] + (reserved == null ? 0 : reserved.cpuMillis[to]) + millis(vm);
        long cpuAllowance = Math.max(state.cpuThresholdMillis(to), cpuBefore[to] + evacueeCpu[to]
                + (reserved == null ? 0 : reserved.evacueeCpuMillis[to]));
        if (cpuAfter > cpuAllowance) {
            double capacity = capacityMillis(state, to);
            return cpuBefore[to] > state.cpuThresholdMillis(to)
                    ? String.format(Locale.ROOT, "host %s is over its CPU threshold (%.1f%%) already, at %.1f%% before"
                            + " the plan, and would reach %.1f%% after it arrives", label(state, to),
                    100.0 * state.cpuThresholdMillis(to) / capacity, 100.0 * cpuBefore[to] / capacity,
                    100.0 * cpuAfter / capacity)
                    : String.format(Locale.ROOT, "host %s would go over its CPU threshold (%.1f%%): %.1f%% after it"
                            + " arrives, %.1f%% before the plan", label(state, to),
                    100.0 * state.cpuThresholdMillis(to) / capacity, 100.0 * cpuAfter / capacity,
                    100.0 * cpuBefore[to] / capacity);
        }
        long memoryAfter = state.memoryUsed(to) + reservedMemoryBytes + vm.memoryBytes();
        long memoryAllowance = Math.max(state.memoryThresholdBytes(to), memoryBefore[to] + evacueeMemory[to]
                + (reserved == null ? 0 : reserved.evacueeMemoryBytes[to]));
        if (memoryAfter > memoryAllowance) {
            return String.format(Locale.ROOT, "host %s would go over its memory threshold (%.1f GiB): %.1f GiB"
                            + " after it arrives, %.1f GiB before the plan", label(state, to),
                    state.memoryThresholdBytes(to) / Units.GIB, memoryAfter / Units.GIB, memoryBefore[to] / Units.GIB);
        }
        return null;
    }

    /** Records that VM {@code v} arrives at {@code to} in the wave being built. */
    void reserve(PoolState state, int v, int to, Reserved reserved) {
        reserved.cpuMillis[to] += millis(state.vm(v));
        if (evacuee[v]) {
            reserved.evacueeCpuMillis[to] += millis(state.vm(v));
            reserved.evacueeMemoryBytes[to] += state.vm(v).memoryBytes();
        }
    }

    /** Records that VM {@code v} has moved from {@code from} to {@code to} (its wave ended). */
    void moved(PoolState state, int v, int from, int to) {
        long cpu = millis(state.vm(v));
        cpuNow[from] -= cpu;
        cpuNow[to] += cpu;
        if (evacuee[v]) {
            if (from != originalHost[v]) {
                evacueeCpu[from] -= cpu;
                evacueeMemory[from] -= state.vm(v).memoryBytes();
            }
            evacueeCpu[to] += cpu;
            evacueeMemory[to] += state.vm(v).memoryBytes();
        }
    }

    /**
     * After a wave: if evacuee {@code v}'s arrival has taken host {@code h} over its threshold (or further
     * over it than before the plan), that forced overload in words; else null.
     */
    ForcedOverload forced(PoolState state, int v, int h) {
        if (!evacuee[v]) {
            return null;
        }
        String source = label(state, originalHost[v]);
        if (cpuNow[h] > Math.max(cpuBefore[h], state.cpuThresholdMillis(h))) {
            return new ForcedOverload(state.vm(v).id(), state.host(h).id(), String.format(Locale.ROOT,
                    "evacuation leaves no other choice: host %s goes to %.1f%% CPU, over its %.1f%% threshold"
                            + " (%.1f%% before the plan), as no host has room under it for the VMs leaving %s",
                    label(state, h), 100.0 * cpuNow[h] / capacityMillis(state, h),
                    100.0 * state.cpuThresholdMillis(h) / capacityMillis(state, h),
                    100.0 * cpuBefore[h] / capacityMillis(state, h), source));
        }
        if (state.memoryUsed(h) > Math.max(memoryBefore[h], state.memoryThresholdBytes(h))) {
            return new ForcedOverload(state.vm(v).id(), state.host(h).id(), String.format(Locale.ROOT,
                    "evacuation leaves no other choice: host %s goes to %.1f GiB of memory, over its %.1f GiB"
                            + " threshold (%.1f GiB before the plan), as no host has room under it for the VMs"
                            + " leaving %s", label(state, h), state.memoryUsed(h) / Units.GIB,
                    state.memoryThresholdBytes(h) / Units.GIB, memoryBefore[h] / Units.GIB, source));
        }
        return null;
    }

    /** True when the VM must leave a host that no longer accepts VMs. */
    boolean isEvacuee(int v) {
        return evacuee[v];
    }

    private static long millis(VmSpec vm) {
        return Units.millis(vm.cpuDemandCores());
    }

    private static double capacityMillis(PoolState state, int h) {
        return io.poolpilot.planner.placement.HostLimits.cpuCapacityMillis(state.host(h));
    }

    private static String label(PoolState state, int h) {
        return state.snapshot().names().of(state.host(h).id());
    }
}
