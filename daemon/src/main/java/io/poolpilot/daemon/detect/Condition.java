package io.poolpilot.daemon.detect;

import io.poolpilot.api.model.Severity;

import java.util.Objects;

/**
 * Something that holds in a pool now, as a rule found it: one open alert per (pool, kind, subject).
 *
 * @param subject what it is about: a host uuid, or {@code <sr uuid>@<host uuid>} for storage
 * @param message for people: names hosts and SRs by name and uuid
 */
public record Condition(AlertKind kind, String subject, String message) {

    public Condition {
        Objects.requireNonNull(kind, "kind");
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("condition " + kind.wire() + " needs a subject, got '" + subject + "'");
        }
        Objects.requireNonNull(message, "message");
    }

    public Severity severity() {
        return kind.severity();
    }

    /** Identity of the alert this condition keeps open (its message may change while it holds). */
    public Key key() {
        return new Key(kind, subject);
    }

    /** An alert's identity within a pool. */
    public record Key(AlertKind kind, String subject) {
    }
}
