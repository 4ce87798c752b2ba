package io.poolpilot.planner.solver;

/**
 * The move budgets as a problem fact, so that the budget constraints can join it.
 *
 * @param maxMigrations most moved VMs
 * @param maxMovedBytes most memory moved
 */
public record MoveBudget(int maxMigrations, long maxMovedBytes) {
}
