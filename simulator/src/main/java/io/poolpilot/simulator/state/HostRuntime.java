package io.poolpilot.simulator.state;

/** What the simulation knows about a host beyond its XAPI record: capacity, liveness, reserved memory. */
public final class HostRuntime {
    final String ref;
    final String name;
    final String address;
    final int cores;
    final long memoryBytes;
    final long dom0MemoryBytes;
    boolean crashed;
    /** Memory held for migrations arriving here. */
    long reservedBytes;

    HostRuntime(String ref, String name, String address, int cores, long memoryBytes, long dom0MemoryBytes) {
        this.ref = ref;
        this.name = name;
        this.address = address;
        this.cores = cores;
        this.memoryBytes = memoryBytes;
        this.dom0MemoryBytes = dom0MemoryBytes;
    }

    public String ref() {
        return ref;
    }

    public String name() {
        return name;
    }

    public String address() {
        return address;
    }

    public int cores() {
        return cores;
    }
}
