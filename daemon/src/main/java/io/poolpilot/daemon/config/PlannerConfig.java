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
 * @param vcpusPerCore        most vCPUs per physical core on a host (hard rule)
 * @param cooldown            a VM migrated within this window costs {@code weights.cooldownPenalty} more to move
 * @param weights             the soft trade-offs
 */
public record PlannerConfig(double cpuThresholdPercent, double vcpusPerCore, Duration cooldown, Weights weights) {

    public PlannerConfig {
        Rules defaults = Rules.defaults();
        cpuThresholdPercent = cpuThresholdPercent == 0 ? defaults.cpuThresholdRatio() * 100 : cpuThresholdPercent;
        vcpusPerCore = vcpusPerCore == 0 ? defaults.vcpuOvercommitRatio() : vcpusPerCore;
        cooldown = cooldown == null ? defaults.migrationCooldown() : cooldown;
        weights = weights == null ? Weights.DEFAULT : weights;
        if (!(cpuThresholdPercent > 0) || cpuThresholdPercent > 100) {
            throw new IllegalArgumentException("planner.cpuThresholdPercent must be in (0, 100], got " + cpuThresholdPercent);
        }
        if (!(vcpusPerCore > 0) || vcpusPerCore > 64) {
            throw new IllegalArgumentException("planner.vcpusPerCore must be in (0, 64], got " + vcpusPerCore);
        }
        if (cooldown.isNegative() || cooldown.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("planner.cooldownMinutes must be 0..10080, got " + cooldown.toMinutes());
        }
    }

    public static PlannerConfig defaults() {
        return new PlannerConfig(0, 0, null, null);
    }

    /** The planner's rules: these settings, no default budget, waves as wide as the executor runs them. */
    public Rules rules(ControlConfig control) {
        return new Rules(cpuThresholdPercent / 100.0, vcpusPerCore, Budgets.unlimited(), cooldown, weights,
                control.maxParallelMigrations(), control.maxMigrationsPerHost());
    }
}
