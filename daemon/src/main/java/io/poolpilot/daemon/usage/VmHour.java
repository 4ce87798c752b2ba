package io.poolpilot.daemon.usage;

/** One VM in one UTC hour, the unit the meter accumulates and closes. */
public record VmHour(String vmUuid, long hourStartSeconds) {

    public static final int HOUR_SECONDS = 3600;

    public VmHour {
        if (vmUuid == null || vmUuid.isBlank()) {
            throw new IllegalArgumentException("vmUuid must be non-blank, got '" + vmUuid + "'");
        }
        if (Math.floorMod(hourStartSeconds, HOUR_SECONDS) != 0) {
            throw new IllegalArgumentException("hourStartSeconds must be a whole UTC hour, got " + hourStartSeconds);
        }
    }

    /** The hour a sample ending at {@code timeSeconds} belongs to: its step (t - s, t] ends inside (H, H + 3600]. */
    public static long owningHour(long timeSeconds) {
        return Math.floorDiv(timeSeconds - 1, HOUR_SECONDS) * HOUR_SECONDS;
    }

    public long hourEndSeconds() {
        return hourStartSeconds + HOUR_SECONDS;
    }
}
