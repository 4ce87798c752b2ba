package io.poolpilot.api.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A live update for SSE clients, e.g. {@code plan.progress}, {@code plan.state}, {@code inventory.changed}.
 * {@code id} is what a client sends back as Last-Event-ID to resume.
 */
public record ServerEvent(String id, String type, Instant at, Map<String, Object> data) {
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");

    public ServerEvent {
        // SSE framing is line-based: an id or type with a newline would forge fields.
        if (id == null || id.isEmpty() || id.length() > 128 || id.chars().anyMatch(c -> c == '\n' || c == '\r' || c == 0)) {
            throw new IllegalArgumentException("event id must be 1-128 characters without line breaks or NUL, got '" + id + "'");
        }
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("event type must match " + TYPE + ", got '" + type + "'");
        }
        Objects.requireNonNull(at, "event at");
        data = data == null ? Map.of() : Map.copyOf(data);
    }
}
