package io.poolpilot.api.model;

import java.util.Objects;

/**
 * One migration of a plan, with the reason the planner gave for it and the wave (0-based) it belongs to:
 * the steps of a wave may run at once, a wave starts when the one before it is done; null when not known.
 */
public record PlanStep(int index, String vmUuid, String fromHostUuid, String toHostUuid, long memoryBytes,
                       String reason, StepStatus status, Integer wave) {
    public PlanStep(int index, String vmUuid, String fromHostUuid, String toHostUuid, long memoryBytes, String reason,
                    StepStatus status) {
        this(index, vmUuid, fromHostUuid, toHostUuid, memoryBytes, reason, status, null);
    }

    public PlanStep {
        if (wave != null && wave < 0) {
            throw new IllegalArgumentException("step wave must be >= 0, got " + wave);
        }
        if (index < 0) {
            throw new IllegalArgumentException("step index must be >= 0, got " + index);
        }
        Ids.requireUuid("step vmUuid", vmUuid);
        Ids.requireUuid("step fromHostUuid", fromHostUuid);
        Ids.requireUuid("step toHostUuid", toHostUuid);
        Objects.requireNonNull(status, "step status");
    }
}
