package io.poolpilot.api.model;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Life cycle of a plan. The legal transitions live here and nowhere else:
 * proposed → approved → executing → succeeded | failed | cancelled, or proposed → rejected | expired
 * (an approved plan that never starts may also expire or be cancelled).
 */
public enum PlanState {
    PROPOSED, APPROVED, EXECUTING, SUCCEEDED, FAILED, CANCELLED, REJECTED, EXPIRED;

    private static final Map<PlanState, Set<PlanState>> LEGAL = Map.of(
            PROPOSED, EnumSet.of(APPROVED, REJECTED, EXPIRED),
            APPROVED, EnumSet.of(EXECUTING, CANCELLED, EXPIRED),
            EXECUTING, EnumSet.of(SUCCEEDED, FAILED, CANCELLED));

    /** States this one may move to; empty for terminal states. */
    public Set<PlanState> next() {
        Set<PlanState> next = LEGAL.get(this);
        return next == null ? Set.of() : Set.copyOf(next);
    }

    public boolean canBecome(PlanState target) {
        return next().contains(target);
    }

    public boolean terminal() {
        return next().isEmpty();
    }

    /** Returns {@code target} when the move is legal, else throws {@link IllegalTransitionException}. */
    public PlanState moveTo(PlanState target) {
        if (!canBecome(target)) {
            throw new IllegalTransitionException(this, target);
        }
        return target;
    }

    @JsonValue
    public String wire() {
        return Wire.name(this);
    }
}
