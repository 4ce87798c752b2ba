package io.poolpilot.api.model;

import java.util.Map;

/** Whether the daemon can serve: overall flag plus one line per dependency ("journal" -> "ok"). */
public record Readiness(boolean ready, Map<String, String> checks) {
    public Readiness {
        checks = checks == null ? Map.of() : Map.copyOf(checks);
    }
}
