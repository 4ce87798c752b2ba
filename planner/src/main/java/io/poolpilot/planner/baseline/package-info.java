/**
 * Greedy balancers PoolPilot is measured against, for comparison only: a threshold balancer in the style
 * of Xen Orchestra's and an hbal-style best-single-move hill climber. Both keep the hard rules of
 * {@link io.poolpilot.planner.placement.PoolState} on every move and leave affinity-grouped VMs alone.
 */
package io.poolpilot.planner.baseline;
