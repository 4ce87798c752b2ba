package io.poolpilot.api.model;

import java.util.Set;

/** A plan was asked to move to a state its current state does not lead to (HTTP 409). */
public final class IllegalTransitionException extends RuntimeException {
    private final PlanState from;
    private final PlanState to;

    public IllegalTransitionException(PlanState from, PlanState to) {
        super("a " + from.wire() + " plan cannot become " + to.wire()
                + (from.terminal() ? " (" + from.wire() + " is final)" : "; it may become " + names(from.next())));
        this.from = from;
        this.to = to;
    }

    public PlanState from() {
        return from;
    }

    public PlanState to() {
        return to;
    }

    private static String names(Set<PlanState> states) {
        return states.stream().map(PlanState::wire).sorted().toList().toString();
    }
}
