package io.poolpilot.daemon.config;

/** How often and how patiently the collectors talk to XAPI. */
public record CollectConfig(int intervalSeconds, int eventTimeoutSeconds, int maxBackoffSeconds,
                            int callTimeoutSeconds, int maxConcurrentCalls, String billingAccountKey) {

    public static CollectConfig defaults() {
        return new CollectConfig(5, 30, 60, 20, 256, "billing_account");
    }

    public CollectConfig {
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
