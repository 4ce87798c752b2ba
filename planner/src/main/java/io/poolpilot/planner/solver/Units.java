package io.poolpilot.planner.solver;

/** Unit conversions shared by the constraints and the model mapping. */
public final class Units {

    public static final long MIB = 1L << 20;
    public static final double GIB = 1L << 30;
    /** Utilisation in the balance constraints is measured in ppm (1.0 = 1,000,000). */
    public static final long UTILISATION_SCALE = 1_000_000L;

    private Units() {
    }

    public static long ceilMebibytes(long bytes) {
        return bytes <= 0 ? 0 : (bytes + MIB - 1) / MIB;
    }

    public static long millis(double cores) {
        return Math.round(cores * 1000);
    }
}
