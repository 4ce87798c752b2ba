package io.poolpilot.planner;

/**
 * How the soft objectives trade off. Soft score units: 1 MiB moved costs {@code migrationPerMiB};
 * 1 ppm (10<sup>-6</sup>) of utilisation unfairness (the square root of the summed squared deviation
 * of host utilisation from the mean, {@code ConstraintCollectors.loadBalance}) costs {@code cpuBalance}
 * or {@code memoryBalance}.
 *
 * @param cpuBalance         weight of CPU utilisation unfairness
 * @param memoryBalance      weight of memory utilisation unfairness
 * @param migrationPerMiB    cost of each MiB moved
 * @param minGainPerMigration fixed cost of every migration: the least a move must gain to be planned
 * @param cooldownPenalty    extra cost of moving a VM that migrated within the cooldown
 * @param hostInUse          cost of each host that still runs VMs (consolidate mode only)
 */
public record Weights(
        long cpuBalance,
        long memoryBalance,
        long migrationPerMiB,
        long minGainPerMigration,
        long cooldownPenalty,
        long hostInUse) {

    /** Defaults tuned on the benchmark scenarios (see docs/planner.md). */
    public static final Weights DEFAULT = new Weights(4, 1, 1, 2_000, 50_000, 1);

    public Weights {
        check("cpuBalance", cpuBalance);
        check("memoryBalance", memoryBalance);
        check("migrationPerMiB", migrationPerMiB);
        check("minGainPerMigration", minGainPerMigration);
        check("cooldownPenalty", cooldownPenalty);
        check("hostInUse", hostInUse);
    }

    private static void check(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " weight must be >= 0, got " + value);
        }
    }

    public Weights withMigrationPerMiB(long value) {
        return new Weights(cpuBalance, memoryBalance, value, minGainPerMigration, cooldownPenalty, hostInUse);
    }

    public Weights withMinGainPerMigration(long value) {
        return new Weights(cpuBalance, memoryBalance, migrationPerMiB, value, cooldownPenalty, hostInUse);
    }

    public Weights withBalance(long cpu, long memory) {
        return new Weights(cpu, memory, migrationPerMiB, minGainPerMigration, cooldownPenalty, hostInUse);
    }
}
