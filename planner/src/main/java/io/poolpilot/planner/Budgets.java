package io.poolpilot.planner;

/**
 * Limits on how much a plan may move.
 *
 * @param maxMigrations  most migrations a plan may contain (detours through a spare host count)
 * @param maxMovedBytes  most memory, summed over all migrations, a plan may move
 */
public record Budgets(int maxMigrations, long maxMovedBytes) {

    public static final long GIB = 1L << 30;

    public Budgets {
        if (maxMigrations < 0) {
            throw new IllegalArgumentException("maxMigrations must be >= 0, got " + maxMigrations);
        }
        if (maxMovedBytes < 0) {
            throw new IllegalArgumentException("maxMovedBytes must be >= 0, got " + maxMovedBytes);
        }
    }

    /** No limit beyond what the pool can hold. */
    public static Budgets unlimited() {
        return new Budgets(Integer.MAX_VALUE, Long.MAX_VALUE);
    }

    public static Budgets ofGiB(int maxMigrations, double maxMovedGiB) {
        return new Budgets(maxMigrations, (long) Math.floor(maxMovedGiB * GIB));
    }
}
