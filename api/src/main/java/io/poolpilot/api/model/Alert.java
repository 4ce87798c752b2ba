package io.poolpilot.api.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Something the detector noticed about a pool, host or VM; {@code clearedAt} null while it holds.
 * {@code acknowledgement} null until an operator acknowledged it; {@code silencedBy} the ids of the silences
 * that mute its notifications now (empty: it is notified).
 */
public record Alert(String id, String poolId, Severity severity, String kind, String subject, String message,
                    Instant raisedAt, Instant clearedAt, Acknowledgement acknowledgement, List<String> silencedBy) {
    public Alert {
        Objects.requireNonNull(id, "alert id");
        Objects.requireNonNull(severity, "alert severity");
        Objects.requireNonNull(kind, "alert kind");
        Objects.requireNonNull(raisedAt, "alert raisedAt");
        silencedBy = silencedBy == null ? List.of() : List.copyOf(silencedBy);
    }

    /** Neither acknowledged nor silenced. */
    public Alert(String id, String poolId, Severity severity, String kind, String subject, String message,
                 Instant raisedAt, Instant clearedAt) {
        this(id, poolId, severity, kind, subject, message, raisedAt, clearedAt, null, List.of());
    }

    public Alert silenced(List<String> silenceIds) {
        return new Alert(id, poolId, severity, kind, subject, message, raisedAt, clearedAt, acknowledgement, silenceIds);
    }

    /** Who acknowledged an alert (the API token's name), when, and their note. */
    public record Acknowledgement(String by, Instant at, String note) {
        public Acknowledgement {
            Objects.requireNonNull(by, "acknowledged by");
            Objects.requireNonNull(at, "acknowledged at");
        }
    }
}
