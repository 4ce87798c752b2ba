package io.poolpilot.daemon.usage;

import java.time.Duration;

/**
 * How the usage meter closes hours and how often it commits.
 *
 * @param lateness            sample time after an hour ends before it closes (default 15 min)
 * @param wallClockGrace      extra wall-clock time after hour end + lateness after which an hour closes even if
 *                            its pool sends no newer samples (a pool that went silent must not hold billing back)
 * @param flushInterval       longest time between two commits while entries arrive
 * @param maxBatchEntries     journal entries applied per commit at most
 * @param closedStateRetention how long the instants counted in a closed hour are kept to recognise late duplicates
 */
public record UsageConfig(Duration lateness, Duration wallClockGrace, Duration flushInterval, int maxBatchEntries,
                          Duration closedStateRetention) {

    public UsageConfig {
        positive("lateness", lateness);
        positive("wallClockGrace", wallClockGrace);
        positive("flushInterval", flushInterval);
        positive("closedStateRetention", closedStateRetention);
        if (maxBatchEntries < 1) {
            throw new IllegalArgumentException("maxBatchEntries must be >= 1, got " + maxBatchEntries);
        }
    }

    private static void positive(String field, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be a positive duration, got " + value);
        }
    }

    public static UsageConfig defaults() {
        return new UsageConfig(Duration.ofMinutes(15), Duration.ofMinutes(45), Duration.ofSeconds(10), 20_000,
                Duration.ofDays(3));
    }

    public UsageConfig withLateness(Duration newLateness) {
        return new UsageConfig(newLateness, wallClockGrace, flushInterval, maxBatchEntries, closedStateRetention);
    }

    public UsageConfig withFlushInterval(Duration newFlushInterval) {
        return new UsageConfig(lateness, wallClockGrace, newFlushInterval, maxBatchEntries, closedStateRetention);
    }

    public UsageConfig withWallClockGrace(Duration newGrace) {
        return new UsageConfig(lateness, newGrace, flushInterval, maxBatchEntries, closedStateRetention);
    }
}
