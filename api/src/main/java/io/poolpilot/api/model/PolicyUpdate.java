package io.poolpilot.api.model;

import java.util.Objects;

/**
 * A pool policy as an operator sets it. Automatic pools need limits that allow at least one move;
 * advisory pools need a trigger.
 */
public record PolicyUpdate(PolicyMode mode, PolicyLimits limits, AdvisoryTrigger advisory) {
    public PolicyUpdate {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(limits, "limits");
        if (mode == PolicyMode.AUTOMATIC && limits.migrationsPerHour() == 0) {
            throw new IllegalArgumentException("mode automatic with limits.migrationsPerHour 0 never moves anything; use advisory or raise the limit");
        }
        if (mode == PolicyMode.ADVISORY && advisory == null) {
            throw new IllegalArgumentException("mode advisory needs advisory.imbalanceThreshold and advisory.sustainedSeconds");
        }
    }
}
