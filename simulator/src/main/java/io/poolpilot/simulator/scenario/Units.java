package io.poolpilot.simulator.scenario;

/** Byte multiples used by scenario sizes. */
public final class Units {
    public static final long MIB = 1024L * 1024;
    public static final long GIB = 1024L * MIB;

    private Units() {
    }
}
