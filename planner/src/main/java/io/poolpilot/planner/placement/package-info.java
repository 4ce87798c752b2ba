/**
 * A mutable placement with the pool's hard rules, outside Timefold: used to order steps, to run the
 * baselines and to measure plans.
 */
package io.poolpilot.planner.placement;
