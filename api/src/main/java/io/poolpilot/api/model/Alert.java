package io.poolpilot.api.model;

import java.time.Instant;
import java.util.Objects;

/** Something the detector noticed about a pool, host or VM; {@code clearedAt} null while it holds. */
public record Alert(String id, String poolId, Severity severity, String kind, String subject, String message,
                    Instant raisedAt, Instant clearedAt) {
    public Alert {
        Objects.requireNonNull(id, "alert id");
        Objects.requireNonNull(severity, "alert severity");
        Objects.requireNonNull(kind, "alert kind");
        Objects.requireNonNull(raisedAt, "alert raisedAt");
    }
}
