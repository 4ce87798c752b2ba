package io.poolpilot.simulator;

import io.poolpilot.simulator.scenario.ScenarioLoader;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Starts the small test scenario and waits for conditions with a deadline (no sleeps). */
final class TestSims {
    static final Instant START = Instant.parse("2026-11-25T08:00:00Z");
    static final String ALPHA_PASSWORD = "test-password";

    private TestSims() {
    }

    static SimulatorOptions options() {
        return SimulatorOptions.defaults().withStartTime(START).withClockRate(10).withAdminPort(0);
    }

    static Simulator small() {
        return small(options());
    }

    static Simulator small(SimulatorOptions options) {
        return Simulator.start(ScenarioLoader.loadResource("scenarios/small.yaml"), options);
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            // Poll interval of the deadline loop, not a fixed wait.
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
    }
}
