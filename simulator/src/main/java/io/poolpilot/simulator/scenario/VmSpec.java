package io.poolpilot.simulator.scenario;

import io.poolpilot.simulator.workload.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A guest VM (or {@code count} alike): size, where it runs, how busy it is and its other_config
 * (billing account, anti-affinity group, ...). With {@code hosts} a group is spread round-robin.
 */
public record VmSpec(String name, int count, String host, List<String> hosts, int vcpus, double memoryGiB,
                     String power, Workload workload, Map<String, String> otherConfig, String storage,
                     double diskGiB, double memoryUsedFraction, double netMBps, double diskMBps) {
    private static final List<String> POWER_STATES = List.of("Running", "Halted", "Suspended", "Paused");

    public VmSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("VM 'name' is required");
        }
        if (count == 0) {
            count = 1;
        }
        if (count < 1) {
            throw new IllegalArgumentException("VM '" + name + "': count must be >= 1 but was " + count);
        }
        if (host != null && hosts != null && !hosts.isEmpty()) {
            throw new IllegalArgumentException("VM '" + name + "': give either 'host' or 'hosts', not both");
        }
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
        if (vcpus < 1 || vcpus > 128) {
            throw new IllegalArgumentException("VM '" + name + "': vcpus must be between 1 and 128 but was " + vcpus);
        }
        if (!(memoryGiB > 0)) {
            throw new IllegalArgumentException("VM '" + name + "': memoryGiB must be > 0 but was " + memoryGiB);
        }
        if (power == null) {
            power = "Running";
        }
        if (!POWER_STATES.contains(power)) {
            throw new IllegalArgumentException("VM '" + name + "': power must be one of " + POWER_STATES + " but was '" + power + "'");
        }
        if (workload == null) {
            workload = new Workload.Steady(0.2, 0.05);
        }
        otherConfig = otherConfig == null ? Map.of() : Map.copyOf(otherConfig);
        if (diskGiB == 0) {
            diskGiB = 20;
        }
        if (diskGiB < 0) {
            throw new IllegalArgumentException("VM '" + name + "': diskGiB must be > 0 but was " + diskGiB);
        }
        if (memoryUsedFraction == 0) {
            memoryUsedFraction = 0.6;
        }
        if (memoryUsedFraction < 0 || memoryUsedFraction > 1) {
            throw new IllegalArgumentException("VM '" + name + "': memoryUsedFraction must be in [0, 1] but was " + memoryUsedFraction);
        }
        if (netMBps == 0) {
            netMBps = 5;
        }
        if (diskMBps == 0) {
            diskMBps = 10;
        }
        if (netMBps < 0 || diskMBps < 0) {
            throw new IllegalArgumentException("VM '" + name + "': netMBps and diskMBps must be >= 0");
        }
    }

    /** Names of the VMs this entry stands for. */
    public List<String> names() {
        return SpecNames.expand(name, count);
    }

    /** Hosts named by this entry ({@code host} or {@code hosts}), possibly empty (then the loader spreads them). */
    public List<String> placement() {
        List<String> out = new ArrayList<>(hosts);
        if (host != null) {
            out.add(host);
        }
        return out;
    }

    public long memoryBytes() {
        return Math.round(memoryGiB * Units.GIB);
    }

    public long diskBytes() {
        return Math.round(diskGiB * Units.GIB);
    }
}
