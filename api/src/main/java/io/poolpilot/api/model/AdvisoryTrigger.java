package io.poolpilot.api.model;

/**
 * When an advisory pool gets a plan proposed: the load imbalance between hosts (0..1, spread of CPU
 * fraction) must stay above {@code imbalanceThreshold} for {@code sustainedSeconds}.
 */
public record AdvisoryTrigger(double imbalanceThreshold, int sustainedSeconds) {
    public static final int MIN_SUSTAINED_SECONDS = 60;
    public static final int MAX_SUSTAINED_SECONDS = 86_400;

    public AdvisoryTrigger {
        if (!(imbalanceThreshold > 0) || imbalanceThreshold > 1) {
            throw new IllegalArgumentException("imbalanceThreshold must be > 0 and <= 1, got " + imbalanceThreshold);
        }
        if (sustainedSeconds < MIN_SUSTAINED_SECONDS || sustainedSeconds > MAX_SUSTAINED_SECONDS) {
            throw new IllegalArgumentException("sustainedSeconds must be " + MIN_SUSTAINED_SECONDS + ".."
                    + MAX_SUSTAINED_SECONDS + ", got " + sustainedSeconds);
        }
    }
}
