package io.poolpilot.daemon.config;

/** How often and how patiently the collectors talk to XAPI. */
public record CollectConfig(int intervalSeconds, int eventTimeoutSeconds, int maxBackoffSeconds,
                            int callTimeoutSeconds, int maxConcurrentCalls, String billingAccountKey,
                            int backfillSeconds) {

    /**
     * How far back a host is asked for the rows it missed (after a restart, or while it was unreachable): XAPI keeps
     * every host's 5 s rows for ten minutes (120 rows); older rows exist only at 1-minute resolution, so a longer gap
     * is filled for its last ten minutes and the rest reported as a gap.
     */
    public static final int XAPI_FINE_WINDOW_SECONDS = 600;

    public static CollectConfig defaults() {
        return new CollectConfig(5, 30, 60, 20, 256, "billing_account", XAPI_FINE_WINDOW_SECONDS);
    }

    /** As the canonical constructor, with the default back-fill window. */
    public CollectConfig(int intervalSeconds, int eventTimeoutSeconds, int maxBackoffSeconds, int callTimeoutSeconds,
                         int maxConcurrentCalls, String billingAccountKey) {
        this(intervalSeconds, eventTimeoutSeconds, maxBackoffSeconds, callTimeoutSeconds, maxConcurrentCalls,
                billingAccountKey, 0);
    }

    public CollectConfig {
        if (backfillSeconds == 0) backfillSeconds = XAPI_FINE_WINDOW_SECONDS;
        if (backfillSeconds < 0 || backfillSeconds > XAPI_FINE_WINDOW_SECONDS) {
            throw new IllegalArgumentException("collect.backfillSeconds must be 1.." + XAPI_FINE_WINDOW_SECONDS
                    + " (XAPI keeps 5 s rows for ten minutes), got " + backfillSeconds);
        }
        if (intervalSeconds > 0 && backfillSeconds < 2 * intervalSeconds) {
            // Every poll is bounded by it: below two intervals, an ordinary late poll would already lose rows.
            throw new IllegalArgumentException("collect.backfillSeconds (" + backfillSeconds
                    + ") must be at least twice collect.intervalSeconds (" + intervalSeconds + ")");
        }
        if (intervalSeconds == 0) intervalSeconds = 5;
        if (eventTimeoutSeconds == 0) eventTimeoutSeconds = 30;
        if (maxBackoffSeconds == 0) maxBackoffSeconds = 60;
        if (callTimeoutSeconds == 0) callTimeoutSeconds = 20;
        if (maxConcurrentCalls == 0) maxConcurrentCalls = 256;
        if (billingAccountKey == null || billingAccountKey.isBlank()) billingAccountKey = "billing_account";
        if (intervalSeconds < 1 || intervalSeconds > 300) {
            throw new IllegalArgumentException("collect.intervalSeconds must be 1..300, got " + intervalSeconds);
        }
        if (eventTimeoutSeconds < 1 || eventTimeoutSeconds > 300) {
            throw new IllegalArgumentException("collect.eventTimeoutSeconds must be 1..300, got " + eventTimeoutSeconds);
        }
        if (maxBackoffSeconds < intervalSeconds) {
            throw new IllegalArgumentException("collect.maxBackoffSeconds (" + maxBackoffSeconds
                    + ") must be at least intervalSeconds (" + intervalSeconds + ")");
        }
        if (callTimeoutSeconds < 1) {
            throw new IllegalArgumentException("collect.callTimeoutSeconds must be positive, got " + callTimeoutSeconds);
        }
        if (maxConcurrentCalls < 1) {
            throw new IllegalArgumentException("collect.maxConcurrentCalls must be positive, got " + maxConcurrentCalls);
        }
    }
}
