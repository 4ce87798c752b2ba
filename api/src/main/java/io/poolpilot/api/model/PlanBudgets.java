package io.poolpilot.api.model;

/**
 * Limits a plan must respect: at most {@code maxMigrations} moves, at most {@code maxGiB} of VM memory
 * moved, and {@code timeLimitSeconds} of solver time to find it.
 */
public record PlanBudgets(int maxMigrations, double maxGiB, int timeLimitSeconds) {
    public static final int MAX_MIGRATIONS = 1_000;
    public static final double MAX_GIB = 1_048_576; // 1 PiB: beyond any pool
    public static final int MAX_TIME_LIMIT_SECONDS = 600;
    public static final PlanBudgets DEFAULTS = new PlanBudgets(20, 256, 30);

    public PlanBudgets {
        if (maxMigrations < 1 || maxMigrations > MAX_MIGRATIONS) {
            throw new IllegalArgumentException("maxMigrations must be 1.." + MAX_MIGRATIONS + ", got " + maxMigrations);
        }
        if (!(maxGiB > 0) || maxGiB > MAX_GIB) {
            throw new IllegalArgumentException("maxGiB must be > 0 and <= " + (long) MAX_GIB + ", got " + maxGiB);
        }
        if (timeLimitSeconds < 1 || timeLimitSeconds > MAX_TIME_LIMIT_SECONDS) {
            throw new IllegalArgumentException("timeLimitSeconds must be 1.." + MAX_TIME_LIMIT_SECONDS + ", got " + timeLimitSeconds);
        }
    }
}
