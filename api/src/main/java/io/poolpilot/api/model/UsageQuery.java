package io.poolpilot.api.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A validated usage question: which account and/or VM (both optional), over the half-open range
 * [from, to), summed per {@code granularity}.
 */
public record UsageQuery(String accountId, String vmUuid, Instant from, Instant to, UsageGranularity granularity) {
    /** Longest range one query may span (the daemon's limit too), so one request cannot scan years. */
    public static final Duration MAX_RANGE = Duration.ofDays(400);

    public UsageQuery {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(granularity, "granularity");
        if (accountId != null) {
            Ids.requireAccountId("accountId", accountId);
        }
        if (vmUuid != null) {
            Ids.requireUuid("vmUuid", vmUuid);
        }
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw new IllegalArgumentException("range " + from + " .. " + to + " is longer than " + MAX_RANGE.toDays()
                    + " days: split it");
        }
    }
}
