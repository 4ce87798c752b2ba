/**
 * PoolPilot's migration planner: takes an immutable {@link io.poolpilot.planner.PoolSnapshot} and
 * returns an executable, explained {@link io.poolpilot.planner.Plan}. Pure domain and Timefold: no
 * I/O, no clock (time comes in the snapshot), no Vert.x. Entry point: {@link io.poolpilot.planner.Planner}.
 */
package io.poolpilot.planner;
