package io.poolpilot.daemon.config;

import io.poolpilot.planner.Budgets;
import io.poolpilot.planner.Rules;
import io.poolpilot.planner.Weights;

import java.time.Duration;

/**
 * The placement policy the planner works to ({@code planner:} in {@code poolpilot.yaml}): when a host counts
 * as overloaded, how far vCPUs may be overcommitted, how long a migrated VM is in cooldown, and the soft
 * trade-offs (see docs/planner.md, "Weights"). Wave sizes come from {@code control}, so a plan's waves are
 * what the executor runs at once.
 *
 * @param cpuThresholdPercent CPU demand above this share of a host's capacity is an overload (medium rule)
 * @param memoryThresholdPercent share of a host's usable memory a plan never pushes a host under it over
 *                            (hard rule; 100, the default, is the usable memory itself)
 * @param vcpusPerCore        most vCPUs per physical core on a host (hard rule)
 * @param cooldown            a VM migrated within this window costs {@code weights.cooldownPenalty} more to move
 * @param weights             the soft trade-offs
 */
public record PlannerConfig(double cpuThresholdPercent, double memoryThresholdPercent, double vcpusPerCore, Duration cooldown, Weights weights) {

    public PlannerConfig {
        Rules defaults = Rules.defaults();
        cpuThresholdPercent = cpuThresholdPercent == 0 ? defaults.cpuThresholdRatio() * 100 : cpuThresholdPercent;
        memoryThresholdPercent = memoryThresholdPercent == 0 ? defaults.memoryThresholdRatio() * 100
                : memoryThresholdPercent;
        vcpusPerCore = vcpusPerCore == 0 ? defaults.vcpuOvercommitRatio() : vcpusPerCore;
        cooldown = cooldown == null ? defaults.migrationCooldown() : cooldown;
        weights = weights == null ? Weights.DEFAULT : weights;
        if (!(cpuThresholdPercent > 0) || cpuThresholdPercent > 100) {
            throw new IllegalArgumentException("planner.cpuThresholdPercent must be in (0, 100], got " + cpuThresholdPercent);
        }
        if (!(memoryThresholdPercent > 0) || memoryThresholdPercent > 100) {
            throw new IllegalArgumentException("planner.memoryThresholdPercent must be in (0, 100], got "
                    + memoryThresholdPercent);
        }
        if (!(vcpusPerCore > 0) || vcpusPerCore > 64) {
            throw new IllegalArgumentException("planner.vcpusPerCore must be in (0, 64], got " + vcpusPerCore);
        }
        if (cooldown.isNegative() || cooldown.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("planner.cooldownMinutes must be 0..10080, got " + cooldown.toMinutes());
        }
    }

    public static PlannerConfig defaults() {
        return new PlannerConfig(0, 0, 0, null, null);
    }

    /** The planner's rules: these settings, no default budget, waves as wide as the executor runs them. */
    public Rules rules(ControlConfig control) {
        return new Rules(cpuThresholdPercent / 100.0, memoryThresholdPercent / 100.0, vcpusPerCore, Budgets.unlimited(), cooldown, weights,
                control.maxParallelMigrations(), control.maxMigrationsPerHost());
    }
}
