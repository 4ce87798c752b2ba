package io.poolpilot.api.model;

/** Rate limits on automatic moves in a pool; {@code quietHours} may be null (no quiet window). */
public record PolicyLimits(int migrationsPerHour, double gibPerHour, QuietHours quietHours) {
    public static final int MAX_MIGRATIONS_PER_HOUR = 600;
    public static final double MAX_GIB_PER_HOUR = 1_048_576;

    public PolicyLimits {
        if (migrationsPerHour < 0 || migrationsPerHour > MAX_MIGRATIONS_PER_HOUR) {
            throw new IllegalArgumentException("migrationsPerHour must be 0.." + MAX_MIGRATIONS_PER_HOUR + ", got " + migrationsPerHour);
        }
        if (!(gibPerHour >= 0) || gibPerHour > MAX_GIB_PER_HOUR) {
            throw new IllegalArgumentException("gibPerHour must be 0.." + (long) MAX_GIB_PER_HOUR + ", got " + gibPerHour);
        }
    }
}
