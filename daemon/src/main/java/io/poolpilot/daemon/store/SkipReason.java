package io.poolpilot.daemon.store;

import java.util.Locale;

/** Why the DB writer skipped a sample instead of storing it; the tag value of the skipped-rows counter. */
public enum SkipReason {
    /** The VM was never announced by the inventory, so it cannot be attributed to a pool or account. */
    UNKNOWN_VM,
    /** The reporting host was never announced by the inventory. */
    UNKNOWN_HOST,
    /** Further ahead of the writer's clock than the allowed skew: a broken host clock. */
    FUTURE_TIMESTAMP,
    /** Older than the writer accepts (its partition may already be dropped). */
    TOO_OLD,
    /** A second sample for the same entity and instant (a VM reported by two hosts while migrating). */
    DUPLICATE_INSTANT,
    /** A value the column cannot hold (e.g. more bytes than a bigint). */
    OUT_OF_RANGE,
    /** The database refused the row although it passed validation. */
    REJECTED_BY_DATABASE;

    /** Metric tag value. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
