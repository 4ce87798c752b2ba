package io.poolpilot.planner;

import java.time.Duration;
import java.util.Objects;

/**
 * One planning call.
 *
 * @param mode          balance, consolidate or evacuate a host
 * @param budgets       move budgets for this plan; {@code null} means the pool's {@link Rules#budgets()}
 * @param timeLimit     wall-clock cap on the search
 * @param moveLimit     cap on evaluated moves; 0 for none. A plan is reproducible for a seed when
 *                      this cap, not the time limit, ends the search ({@link PlanScore#timeLimitReached()})
 * @param seed          random seed of the search
 */
public record PlanRequest(Mode mode, Budgets budgets, Duration timeLimit, long moveLimit, long seed) {

    public PlanRequest {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(timeLimit, "timeLimit");
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("timeLimit must be positive, got " + timeLimit);
        }
        if (moveLimit < 0) {
            throw new IllegalArgumentException("moveLimit must be >= 0 (0 = none), got " + moveLimit);
        }
    }

    /** Balance with the pool's budgets, 30 s cap, 400k evaluated moves, seed 0. */
    public static PlanRequest balance() {
        return new PlanRequest(Mode.balance(), null, Duration.ofSeconds(30), 400_000, 0);
    }

    public static PlanRequest of(Mode mode) {
        return balance().withMode(mode);
    }

    public PlanRequest withMode(Mode newMode) {
        return new PlanRequest(newMode, budgets, timeLimit, moveLimit, seed);
    }

    public PlanRequest withBudgets(Budgets newBudgets) {
        return new PlanRequest(mode, newBudgets, timeLimit, moveLimit, seed);
    }

    public PlanRequest withTimeLimit(Duration newTimeLimit) {
        return new PlanRequest(mode, budgets, newTimeLimit, moveLimit, seed);
    }

    public PlanRequest withMoveLimit(long newMoveLimit) {
        return new PlanRequest(mode, budgets, timeLimit, newMoveLimit, seed);
    }

    public PlanRequest withSeed(long newSeed) {
        return new PlanRequest(mode, budgets, timeLimit, moveLimit, newSeed);
    }

    /** The budgets in force: this request's, else the pool's. */
    public Budgets effectiveBudgets(Rules rules) {
        return budgets != null ? budgets : rules.budgets();
    }
}
