package io.poolpilot.simulator.state;

import io.poolpilot.simulator.workload.Workload;

/** What drives a VM's metrics: its workload, seed, size and I/O scale, and the SR its disk is on. */
public record VmRuntime(String ref, String uuid, String name, Workload workload, long seed, int vcpus, long memoryBytes,
                        double memoryUsedFraction, double netBytesPerSecond, double diskBytesPerSecond, String srRef,
                        boolean controlDomain) {
}
