package io.poolpilot.simulator.workload;

/** Deterministic, stateless noise: a hash of (seed, sample index), so any time can be evaluated in any order. */
public final class Noise {
    private Noise() {
    }

    /** Uniform in [-1, 1], constant within one 5 s sample. */
    public static double symmetric(long seed, double secondsSinceStart) {
        long step = (long) Math.floor(secondsSinceStart / Workload.NOISE_STEP_SECONDS);
        return unit(seed, step) * 2 - 1;
    }

    /** Uniform in [0, 1) for a (seed, index) pair. */
    public static double unit(long seed, long index) {
        return (mix(seed * 0x9E3779B97F4A7C15L + index) >>> 11) * 0x1.0p-53;
    }

    /** SplitMix64's finaliser: a well-spread 64-bit hash. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
