package io.poolpilot.api.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One state change made through the API: who (token name, never the token), what (action on target),
 * why (the reason given) and when. {@code id} is assigned by the audit log (null when recording).
 */
public record AuditEntry(String id, Instant at, String actor, String action, String target, String reason,
                         Map<String, String> detail) {
    public AuditEntry {
        Objects.requireNonNull(at, "audit at");
        Objects.requireNonNull(actor, "audit actor");
        Objects.requireNonNull(action, "audit action");
        Objects.requireNonNull(target, "audit target");
        detail = detail == null ? Map.of() : Map.copyOf(detail);
    }

    public AuditEntry withId(String newId) {
        return new AuditEntry(newId, at, actor, action, target, reason, detail);
    }
}
