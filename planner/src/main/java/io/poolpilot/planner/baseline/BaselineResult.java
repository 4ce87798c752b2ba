package io.poolpilot.planner.baseline;

import io.poolpilot.planner.placement.PoolState;

/**
 * What a baseline did.
 *
 * @param finalState  placement after its moves
 * @param migrations  moves made (one at a time, so every intermediate state is feasible)
 * @param movedBytes  memory moved
 * @param solveMillis wall time
 */
public record BaselineResult(PoolState finalState, int migrations, long movedBytes, long solveMillis) {
}
