package io.poolpilot.daemon.billing;

import java.time.Duration;
import java.time.Instant;

/**
 * A usage question: which account and/or VM, over [from, to), summed per hour, day or month.
 * Both account and VM may be null (every account, rolled up per account).
 */
public record UsageQuery(String account, String vmUuid, Instant from, Instant to, Granularity granularity) {

    /** Longest range one query may span, so a careless request cannot scan years of records. */
    public static final Duration MAX_RANGE = Duration.ofDays(400);

    public UsageQuery {
        if (from == null || to == null) {
            throw new IllegalArgumentException("from and to are required (ISO-8601 instants), got from=" + from + " to=" + to);
        }
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw new IllegalArgumentException("range " + from + ".." + to + " is longer than " + MAX_RANGE.toDays()
                    + " days; split it");
        }
        if (account != null && account.isBlank()) {
            account = null;
        }
        if (vmUuid != null && vmUuid.isBlank()) {
            vmUuid = null;
        }
        if (granularity == null) {
            granularity = Granularity.HOUR;
        }
    }
}
