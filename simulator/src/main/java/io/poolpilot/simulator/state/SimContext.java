package io.poolpilot.simulator.state;

import io.poolpilot.simulator.SimulatedClock;
import io.poolpilot.simulator.SimulatorOptions;
import io.poolpilot.simulator.fault.FaultState;
import io.vertx.core.Vertx;

/** What every pool's operations share: the Vert.x instance for timers, the clock, the options and the faults. */
public record SimContext(Vertx vertx, SimulatedClock clock, SimulatorOptions options, FaultState faults) {
}
