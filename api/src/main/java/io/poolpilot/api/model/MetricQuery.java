package io.poolpilot.api.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A validated request for a metric series: half-open range [from, to) sampled every {@code step}. */
public record MetricQuery(Instant from, Instant to, Duration step) {
    /** XAPI's RRDs hold 5 s samples; nothing finer exists. */
    public static final Duration MIN_STEP = Duration.ofSeconds(5);
    public static final Duration MAX_STEP = Duration.ofDays(1);
    public static final Duration MAX_RANGE = Duration.ofDays(400);
    /** Bounds the response size whatever the range: a year at 1 h is 8,760 points. */
    public static final long MAX_POINTS = 10_000;

    public MetricQuery {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(step, "step");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw new IllegalArgumentException("range " + from + " .. " + to + " is longer than " + MAX_RANGE.toDays() + " days");
        }
        if (step.compareTo(MIN_STEP) < 0 || step.compareTo(MAX_STEP) > 0) {
            throw new IllegalArgumentException("step " + step.toSeconds() + "s is outside " + MIN_STEP.toSeconds()
                    + ".." + MAX_STEP.toSeconds() + " seconds");
        }
        if (points(from, to, step) > MAX_POINTS) {
            throw new IllegalArgumentException("range / step = " + points(from, to, step) + " points, more than "
                    + MAX_POINTS + ": raise step or shorten the range");
        }
    }

    public long stepSeconds() {
        return step.toSeconds();
    }

    static long points(Instant from, Instant to, Duration step) {
        long rangeSeconds = Duration.between(from, to).toSeconds();
        return (rangeSeconds + step.toSeconds() - 1) / step.toSeconds();
    }
}
