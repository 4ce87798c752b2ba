/**
 * The Timefold model: a small mutable solution ({@link io.poolpilot.planner.solver.PlacementSolution}),
 * one planning entity per VM, the constraints with their justifications, and the solver set-up. Kept
 * apart from the records of the public API.
 */
package io.poolpilot.planner.solver;
