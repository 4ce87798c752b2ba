package io.poolpilot.simulator.scenario;

import java.util.List;

/** A physical host (or {@code count} identical ones): physical cores and memory, and what dom0 keeps for itself. */
public record HostSpec(String name, int count, int cores, double memoryGiB, double dom0MemoryGiB) {
    public HostSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("host 'name' is required");
        }
        if (count == 0) {
            count = 1;
        }
        if (count < 1) {
            throw new IllegalArgumentException("host '" + name + "': count must be >= 1 but was " + count);
        }
        if (cores < 1 || cores > 1024) {
            throw new IllegalArgumentException("host '" + name + "': cores must be between 1 and 1024 but was " + cores);
        }
        if (!(memoryGiB > 0)) {
            throw new IllegalArgumentException("host '" + name + "': memoryGiB must be > 0 but was " + memoryGiB);
        }
        if (dom0MemoryGiB == 0) {
            dom0MemoryGiB = Math.min(4.0, memoryGiB / 8);
        }
        if (dom0MemoryGiB < 0 || dom0MemoryGiB >= memoryGiB) {
            throw new IllegalArgumentException("host '" + name + "': dom0MemoryGiB must be in [0, memoryGiB) but was " + dom0MemoryGiB);
        }
    }

    /** Names of the hosts this entry stands for. */
    public List<String> names() {
        return SpecNames.expand(name, count);
    }

    public long memoryBytes() {
        return Math.round(memoryGiB * Units.GIB);
    }

    public long dom0MemoryBytes() {
        return Math.round(dom0MemoryGiB * Units.GIB);
    }
}
