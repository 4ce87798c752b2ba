package io.poolpilot.api.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A plan as the API shows it. {@code version} grows with every change and is the plan's ETag;
 * {@code stateReason} says why it reached its state (who rejected it and why, what failed). Once the
 * planner is done, {@code forecast} has every host's predicted load before and after and
 * {@code explanation} the planner's summary (score, balance before and after, moves dropped); both are
 * what an operator reviews before approving.
 */
public record Plan(String id, String poolId, long version, PlanState state, PlanMode mode, String hostId,
                   PlanBudgets budgets, List<PlanStep> steps, String createdBy, Instant createdAt,
                   Instant updatedAt, String stateReason, PlanForecast forecast, List<String> explanation) {

    /** A plan not solved yet: no forecast, no explanation. */
    public Plan(String id, String poolId, long version, PlanState state, PlanMode mode, String hostId,
                PlanBudgets budgets, List<PlanStep> steps, String createdBy, Instant createdAt,
                Instant updatedAt, String stateReason) {
        this(id, poolId, version, state, mode, hostId, budgets, steps, createdBy, createdAt, updatedAt, stateReason,
                null, List.of());
    }

    public Plan {
        Ids.requireUuid("plan id", id);
        Ids.requirePoolId("plan poolId", poolId);
        if (version < 1) {
            throw new IllegalArgumentException("plan " + id + ": version must be >= 1, got " + version);
        }
        Objects.requireNonNull(state, "plan state");
        Objects.requireNonNull(mode, "plan mode");
        Objects.requireNonNull(budgets, "plan budgets");
        steps = List.copyOf(steps);
        Objects.requireNonNull(createdAt, "plan createdAt");
        Objects.requireNonNull(updatedAt, "plan updatedAt");
        explanation = explanation == null ? List.of() : List.copyOf(explanation);
    }
}
