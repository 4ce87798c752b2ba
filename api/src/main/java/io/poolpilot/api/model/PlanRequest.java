package io.poolpilot.api.model;

import java.util.Objects;

/** An operator's request for a plan; {@code hostId} names the host to empty and is given only for evacuate. */
public record PlanRequest(PlanMode mode, String hostId, PlanBudgets budgets, String reason) {
    public PlanRequest {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(budgets, "budgets");
        if (mode == PlanMode.EVACUATE) {
            Ids.requireUuid("hostId", hostId);
        } else if (hostId != null) {
            throw new IllegalArgumentException("hostId is only for mode evacuate, not " + mode.wire());
        }
    }
}
