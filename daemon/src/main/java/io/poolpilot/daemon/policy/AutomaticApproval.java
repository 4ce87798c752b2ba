package io.poolpilot.daemon.policy;

import io.poolpilot.api.model.PolicyLimits;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Locale;

/** Whether an automatic pool may approve a plan now: outside quiet hours (UTC) and within the hourly limits. */
public final class AutomaticApproval {

    private static final double GIB = 1L << 30;

    private AutomaticApproval() {
    }

    /** The decision and its reason, for the plan's state reason and the audit log. */
    public record Decision(boolean approve, String reason) {
    }

    /**
     * @param movedLastHour      migrations finished in the pool in the last hour
     * @param movedBytesLastHour memory they moved
     */
    public static Decision decide(PolicyLimits limits, long movedLastHour, long movedBytesLastHour, int planMigrations,
                                  long planBytes, Instant now) {
        if (limits.quietHours() != null && limits.quietHours().contains(LocalTime.ofInstant(now, ZoneOffset.UTC))) {
            return new Decision(false, "quiet hours " + limits.quietHours() + " UTC");
        }
        if (movedLastHour + planMigrations > limits.migrationsPerHour()) {
            return new Decision(false, String.format(Locale.ROOT, "%d+%d migrations exceed %d per hour", movedLastHour,
                    planMigrations, limits.migrationsPerHour()));
        }
        if ((movedBytesLastHour + planBytes) / GIB > limits.gibPerHour()) {
            return new Decision(false, String.format(Locale.ROOT, "%.1f+%.1f GiB exceed %.1f GiB per hour",
                    movedBytesLastHour / GIB, planBytes / GIB, limits.gibPerHour()));
        }
        return new Decision(true, String.format(Locale.ROOT, "within limits: %d+%d of %d migrations/h, %.1f+%.1f of %.1f GiB/h",
                movedLastHour, planMigrations, limits.migrationsPerHour(), movedBytesLastHour / GIB, planBytes / GIB,
                limits.gibPerHour()));
    }
}
