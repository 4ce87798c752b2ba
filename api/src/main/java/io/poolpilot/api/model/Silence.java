package io.poolpilot.api.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A silence, as Alertmanager's: the alerts its matchers select are not notified from {@code startsAt} until
 * {@code endsAt}; they are still stored and served. {@code state} is {@link #stateAt} when it was read;
 * {@code expiredBy} is set when an operator ended it early.
 */
public record Silence(String id, SilenceMatchers matchers, Instant startsAt, Instant endsAt, String state,
                      String createdBy, Instant createdAt, String comment, String expiredBy) {
    public Silence {
        Objects.requireNonNull(id, "silence id");
        Objects.requireNonNull(matchers, "silence matchers");
        Objects.requireNonNull(startsAt, "silence startsAt");
        Objects.requireNonNull(endsAt, "silence endsAt");
    }

    /** pending (not started), active or expired, at {@code now}. */
    public static String stateAt(Instant startsAt, Instant endsAt, Instant now) {
        return now.isBefore(startsAt) ? "pending" : now.isBefore(endsAt) ? "active" : "expired";
    }

    /** Whether it mutes an alert with these labels at {@code now}. */
    public boolean mutes(AlertLabels labels, Instant now) {
        return "active".equals(stateAt(startsAt, endsAt, now)) && matchers.select(labels);
    }
}
