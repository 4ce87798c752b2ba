package io.poolpilot.planner;

import java.util.Objects;

/**
 * How the plan scores against doing nothing.
 *
 * @param doNothing        score of the current placement
 * @param executed         score of the placement after the last wave
 * @param solveMillis      wall time of the search
 * @param timeLimitReached true when the time limit, not the move limit, ended the search (then the plan
 *                         may differ between runs with the same seed)
 */
public record PlanScore(ScoreLevels doNothing, ScoreLevels executed, long solveMillis, boolean timeLimitReached) {

    public PlanScore {
        Objects.requireNonNull(doNothing, "doNothing");
        Objects.requireNonNull(executed, "executed");
    }

    /** True when the plan is strictly better than leaving the pool as it is. */
    public boolean improves() {
        return executed.compareTo(doNothing) > 0;
    }
}
