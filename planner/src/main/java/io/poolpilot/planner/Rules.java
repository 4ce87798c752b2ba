package io.poolpilot.planner;

import java.time.Duration;
import java.util.Objects;

/**
 * The pool's placement policy.
 *
 * @param cpuThresholdRatio        CPU demand above this fraction of a host's capacity is an overload
 *                                 (medium constraint), e.g. 0.8; a plan never pushes a host that is
 *                                 under it over it (hard constraint)
 * @param memoryThresholdRatio     share of a host's usable memory a plan never pushes a host that is
 *                                 under it over (hard constraint); 1.0 = the usable memory itself
 * @param vcpuOvercommitRatio      most vCPUs per physical core on a host (hard), e.g. 4.0
 * @param budgets                  default move budgets; a {@link PlanRequest} may override them
 * @param migrationCooldown        a VM that migrated within this window of the snapshot time costs
 *                                 more to move again (no ping-pong)
 * @param weights                  soft trade-offs
 * @param maxMigrationsPerWave     most migrations running in parallel
 * @param maxMigrationsPerHostWave most migrations touching one host (in or out) in one wave
 */
public record Rules(
        double cpuThresholdRatio,
        double memoryThresholdRatio,
        double vcpuOvercommitRatio,
        Budgets budgets,
        Duration migrationCooldown,
        Weights weights,
        int maxMigrationsPerWave,
        int maxMigrationsPerHostWave) {

    public Rules {
        if (!(cpuThresholdRatio > 0) || cpuThresholdRatio > 1) {
            throw new IllegalArgumentException("cpuThresholdRatio must be in (0, 1], got " + cpuThresholdRatio);
        }
        if (!(memoryThresholdRatio > 0) || memoryThresholdRatio > 1) {
            throw new IllegalArgumentException("memoryThresholdRatio must be in (0, 1], got " + memoryThresholdRatio);
        }
        if (!(vcpuOvercommitRatio > 0) || Double.isInfinite(vcpuOvercommitRatio)) {
            throw new IllegalArgumentException("vcpuOvercommitRatio must be a positive finite number, got "
                    + vcpuOvercommitRatio);
        }
        Objects.requireNonNull(budgets, "budgets (use Budgets.unlimited())");
        Objects.requireNonNull(migrationCooldown, "migrationCooldown (use Duration.ZERO for none)");
        if (migrationCooldown.isNegative()) {
            throw new IllegalArgumentException("migrationCooldown must not be negative, got " + migrationCooldown);
        }
        Objects.requireNonNull(weights, "weights (use Weights.DEFAULT)");
        if (maxMigrationsPerWave <= 0) {
            throw new IllegalArgumentException("maxMigrationsPerWave must be > 0, got " + maxMigrationsPerWave);
        }
        if (maxMigrationsPerHostWave <= 0) {
            throw new IllegalArgumentException("maxMigrationsPerHostWave must be > 0, got " + maxMigrationsPerHostWave);
        }
    }

    /** 80 % CPU threshold, memory threshold at usable memory, 4 vCPUs per core, no budget limit, 1 h cooldown, 8 parallel, 2 per host. */
    public static Rules defaults() {
        return new Rules(0.8, 1.0, 4.0, Budgets.unlimited(), Duration.ofHours(1), Weights.DEFAULT, 8, 2);
    }

    public Rules withBudgets(Budgets newBudgets) {
        return new Rules(cpuThresholdRatio, memoryThresholdRatio, vcpuOvercommitRatio, newBudgets, migrationCooldown, weights,
                maxMigrationsPerWave, maxMigrationsPerHostWave);
    }

    public Rules withWeights(Weights newWeights) {
        return new Rules(cpuThresholdRatio, memoryThresholdRatio, vcpuOvercommitRatio, budgets, migrationCooldown, newWeights,
                maxMigrationsPerWave, maxMigrationsPerHostWave);
    }

    public Rules withCpuThresholdRatio(double ratio) {
        return new Rules(ratio, memoryThresholdRatio, vcpuOvercommitRatio, budgets, migrationCooldown, weights,
                maxMigrationsPerWave, maxMigrationsPerHostWave);
    }

    public Rules withMemoryThresholdRatio(double ratio) {
        return new Rules(cpuThresholdRatio, ratio, vcpuOvercommitRatio, budgets, migrationCooldown, weights,
                maxMigrationsPerWave, maxMigrationsPerHostWave);
    }

    public Rules withVcpuOvercommitRatio(double ratio) {
        return new Rules(cpuThresholdRatio, memoryThresholdRatio, ratio, budgets, migrationCooldown, weights,
                maxMigrationsPerWave, maxMigrationsPerHostWave);
    }

    public Rules withWaveLimits(int perWave, int perHostPerWave) {
        return new Rules(cpuThresholdRatio, memoryThresholdRatio, vcpuOvercommitRatio, budgets, migrationCooldown, weights,
                perWave, perHostPerWave);
    }
}
