package io.poolpilot.simulator.scenario;

import io.poolpilot.simulator.fault.Fault;

/** A fault the scenario injects by itself, atSeconds of simulated time after the start. */
public record ScheduledFault(double atSeconds, Fault fault) {
    public ScheduledFault {
        if (!(atSeconds >= 0)) {
            throw new IllegalArgumentException("faults[].atSeconds must be >= 0 but was " + atSeconds);
        }
        if (fault == null) {
            throw new IllegalArgumentException("faults[].fault is required, e.g. fault: {type: host-crash, host: a-01}");
        }
    }
}
