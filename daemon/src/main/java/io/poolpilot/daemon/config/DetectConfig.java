package io.poolpilot.daemon.config;

import java.time.Duration;

/**
 * How the detector looks at pools ({@code detect:} in {@code poolpilot.yaml}, see docs/alerts.md).
 *
 * @param intervalSeconds how often each pool's rules are evaluated
 * @param overloadMinutes how long a host's CPU must stay over {@code planner.cpuThresholdPercent} to be overloaded
 */
public record DetectConfig(int intervalSeconds, int overloadMinutes) {

    public static final int DEFAULT_INTERVAL_SECONDS = 5;
    public static final int DEFAULT_OVERLOAD_MINUTES = 5;

    public DetectConfig {
        if (intervalSeconds < 1 || intervalSeconds > 3600) {
            throw new IllegalArgumentException("detect.intervalSeconds must be 1..3600, got " + intervalSeconds);
        }
        if (overloadMinutes < 1 || overloadMinutes > 24 * 60) {
            throw new IllegalArgumentException("detect.overloadMinutes must be 1..1440, got " + overloadMinutes);
        }
    }

    public static DetectConfig defaults() {
        return new DetectConfig(DEFAULT_INTERVAL_SECONDS, DEFAULT_OVERLOAD_MINUTES);
    }

    public Duration interval() {
        return Duration.ofSeconds(intervalSeconds);
    }

    public Duration overload() {
        return Duration.ofMinutes(overloadMinutes);
    }
}
