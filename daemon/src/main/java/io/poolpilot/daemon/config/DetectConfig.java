package io.poolpilot.daemon.config;

import java.time.Duration;

/**
 * How the detector looks at pools ({@code detect:} in {@code poolpilot.yaml}, see docs/alerts.md).
 *
 * @param intervalSeconds how often each pool's rules are evaluated
 * @param overloadMinutes how long a host's CPU must stay over {@code planner.cpuThresholdPercent} to be overloaded
 * @param storageGraceSeconds how long a pool-wide storage loss may last before its VMs are shut down (by policy)
 */
public record DetectConfig(int intervalSeconds, int overloadMinutes, int storageGraceSeconds) {

    public static final int DEFAULT_INTERVAL_SECONDS = 5;
    public static final int DEFAULT_OVERLOAD_MINUTES = 5;
    public static final int DEFAULT_STORAGE_GRACE_SECONDS = 60;

    /** With the default storage grace period. */
    public DetectConfig(int intervalSeconds, int overloadMinutes) {
        this(intervalSeconds, overloadMinutes, DEFAULT_STORAGE_GRACE_SECONDS);
    }

    public DetectConfig {
        if (intervalSeconds < 1 || intervalSeconds > 3600) {
            throw new IllegalArgumentException("detect.intervalSeconds must be 1..3600, got " + intervalSeconds);
        }
        if (overloadMinutes < 1 || overloadMinutes > 24 * 60) {
            throw new IllegalArgumentException("detect.overloadMinutes must be 1..1440, got " + overloadMinutes);
        }
        if (storageGraceSeconds < 0 || storageGraceSeconds > 24 * 3600) {
            throw new IllegalArgumentException("detect.storageGraceSeconds must be 0..86400, got " + storageGraceSeconds);
        }
    }

    public static DetectConfig defaults() {
        return new DetectConfig(DEFAULT_INTERVAL_SECONDS, DEFAULT_OVERLOAD_MINUTES);
    }

    public Duration interval() {
        return Duration.ofSeconds(intervalSeconds);
    }

    public Duration storageGrace() {
        return Duration.ofSeconds(storageGraceSeconds);
    }

    public Duration overload() {
        return Duration.ofMinutes(overloadMinutes);
    }
}
