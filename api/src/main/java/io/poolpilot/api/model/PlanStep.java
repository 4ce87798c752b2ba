package io.poolpilot.api.model;

import java.util.Objects;

/** One migration of a plan, with the reason the planner gave for it. */
public record PlanStep(int index, String vmUuid, String fromHostUuid, String toHostUuid, long memoryBytes,
                       String reason, StepStatus status) {
    public PlanStep {
        if (index < 0) {
            throw new IllegalArgumentException("step index must be >= 0, got " + index);
        }
        Ids.requireUuid("step vmUuid", vmUuid);
        Ids.requireUuid("step fromHostUuid", fromHostUuid);
        Ids.requireUuid("step toHostUuid", toHostUuid);
        Objects.requireNonNull(status, "step status");
    }
}
