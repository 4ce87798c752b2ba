package io.poolpilot.planner;

/**
 * How the soft objectives trade off. Soft score units: 1 MiB moved costs {@code migrationPerMiB};
 * imbalance is hosts x std dev of host utilisation in ppm (from the unfairness of
 * {@code ConstraintCollectors.loadBalance}), times {@code cpuBalance} or {@code memoryBalance}. Moving
 * utilisation u between two hosts z std devs either side of the mean gains about 2 u z 10<sup>6</sup> x
 * weight, whatever the pool size: with the defaults, moving 1 % of a host's CPU from z = +1 to z = -1
 * gains 40,000, against 10,000 + 2 per MiB moved (26,384 for an 8 GiB VM).
 *
 * @param cpuBalance         weight of CPU utilisation unfairness
 * @param memoryBalance      weight of memory utilisation unfairness
 * @param cpuPeak            weight of the busiest host's CPU utilisation (ppm)
 * @param migrationPerMiB    cost of each MiB moved
 * @param minGainPerMigration fixed cost of every migration: the least a move must gain to be planned
 * @param cooldownPenalty    extra cost of moving a VM that migrated within the cooldown
 * @param hostInUse          cost of each host that still runs VMs (consolidate mode only)
 */
public record Weights(
        long cpuBalance,
        long memoryBalance,
        long cpuPeak,
        long migrationPerMiB,
        long minGainPerMigration,
        long cooldownPenalty,
        long hostInUse) {

    /** Defaults tuned on the benchmark scenarios (see docs/planner.md). */
    public static final Weights DEFAULT = new Weights(2, 1, 8, 2, 10_000, 50_000, 1);

    public Weights {
        check("cpuBalance", cpuBalance);
        check("memoryBalance", memoryBalance);
        check("cpuPeak", cpuPeak);
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
        return new Weights(cpuBalance, memoryBalance, cpuPeak, value, minGainPerMigration, cooldownPenalty, hostInUse);
    }

    public Weights withMinGainPerMigration(long value) {
        return new Weights(cpuBalance, memoryBalance, cpuPeak, migrationPerMiB, value, cooldownPenalty, hostInUse);
    }

    public Weights withBalance(long cpu, long memory) {
        return new Weights(cpu, memory, cpuPeak, migrationPerMiB, minGainPerMigration, cooldownPenalty, hostInUse);
    }
}
