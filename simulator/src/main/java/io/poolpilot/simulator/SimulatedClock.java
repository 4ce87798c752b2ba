package io.poolpilot.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Simulated time: starts at a chosen instant and runs {@code rate} times faster than the wall clock
 * (1 = real time). Workloads, rrd rows and migration durations all read this clock.
 */
public final class SimulatedClock extends Clock {
    private final Instant start;
    private final double rate;
    private final long realStartNanos;

    public SimulatedClock(Instant start, double rate) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("clock rate must be > 0 (1 = real time) but was " + rate);
        }
        this.start = start;
        this.rate = rate;
        this.realStartNanos = System.nanoTime();
    }

    /** The simulated instant the scenario started at. */
    public Instant start() {
        return start;
    }

    /** How many simulated seconds pass per real second. */
    public double rate() {
        return rate;
    }

    @Override
    public Instant instant() {
        long realNanos = System.nanoTime() - realStartNanos;
        return start.plusNanos((long) (realNanos * rate));
    }

    /** Simulated seconds since the scenario started (what workloads are functions of). */
    public double secondsSinceStart(Instant t) {
        return Duration.between(start, t).toNanos() / 1e9;
    }

    /** Real milliseconds that a simulated duration takes at this rate (at least 1). */
    public long realMillis(Duration simulated) {
        return Math.max(1, (long) Math.ceil(simulated.toNanos() / 1e6 / rate));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (!ZoneOffset.UTC.equals(zone)) {
            throw new UnsupportedOperationException("the simulated clock is UTC only");
        }
        return this;
    }
}
